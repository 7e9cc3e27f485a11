// An ExportBackend that records the calls it gets and answers from a map,
// for tests of the request handler and the service without configfs.
#ifndef PVFSF_TESTS_UNIT_EXPORT_FAKE_BACKEND_H
#define PVFSF_TESTS_UNIT_EXPORT_FAKE_BACKEND_H

#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "protocol/export_error.h"
#include "export/exporter.h"

namespace pvfsf::lun_export::testing {

class FakeBackend : public ExportBackend {
 public:
  TargetInfo target_info() const override {
    return {"srv1", "iqn.2025-11.org.pvfsf:export.srv1", "127.0.10.1:3260"};
  }

  std::vector<ExportedLun> export_handles(
      const std::string& initiator, FsId fs_id, uint64_t size,
      const std::vector<Handle>& handles) override {
    std::lock_guard<std::mutex> lock(mutex_);
    calls.push_back("export " + std::to_string(fs_id) + " " +
                    std::to_string(size) + " " + initiator);
    throw_if_asked();
    std::vector<ExportedLun> out;
    for (Handle h : handles) {
      auto it = luns.find(h);
      const bool created = it == luns.end();
      if (created) it = luns.emplace(h, next_lun++).first;
      out.push_back({h, it->second, size, created, false});
    }
    return out;
  }

  std::vector<UnexportedLun> unexport(
      const std::string& initiator, FsId fs_id,
      const std::vector<Handle>& handles) override {
    std::lock_guard<std::mutex> lock(mutex_);
    calls.push_back("unexport " + std::to_string(fs_id) + " " + initiator);
    throw_if_asked();
    std::vector<UnexportedLun> out;
    for (Handle h : handles) {
      auto it = luns.find(h);
      if (it == luns.end()) {
        out.push_back({h, std::nullopt, false});
      } else {
        out.push_back({h, it->second, true});
        luns.erase(it);
      }
    }
    return out;
  }

  SizeChange set_size(FsId fs_id, Handle handle, uint64_t size) override {
    std::lock_guard<std::mutex> lock(mutex_);
    calls.push_back("set-size " + std::to_string(fs_id));
    throw_if_asked();
    auto it = luns.find(handle);
    return {
        handle, size,
        it == luns.end() ? std::nullopt : std::optional<uint64_t>(it->second)};
  }

  std::vector<LunInfo> list(std::optional<FsId>) override {
    std::lock_guard<std::mutex> lock(mutex_);
    calls.push_back("list");
    throw_if_asked();
    std::vector<LunInfo> out;
    for (const auto& [handle, lun] : luns) {
      LunInfo info;
      info.fs_id = 7;
      info.handle = handle;
      info.lun = lun;
      info.size = 4096;
      out.push_back(info);
    }
    return out;
  }

  size_t call_count() {
    std::lock_guard<std::mutex> lock(mutex_);
    return calls.size();
  }

  std::vector<std::string> calls;
  std::map<Handle, uint64_t> luns;
  uint64_t next_lun = 0;
  // The next call throws this (then it is cleared).
  std::optional<ExportError> fail_with;
  bool fail_with_runtime_error = false;

 private:
  void throw_if_asked() {
    if (fail_with) {
      ExportError e = *fail_with;
      fail_with.reset();
      throw e;
    }
    if (fail_with_runtime_error) {
      fail_with_runtime_error = false;
      throw std::runtime_error("disk on fire");
    }
  }
  std::mutex mutex_;
};

}  // namespace pvfsf::lun_export::testing

#endif
