// The vocabulary of pvfs-lun-export: PVFS identifiers, the bounds every
// layer (configfs library, service, client) agrees on, and the results of
// its operations as the protocol carries them.
#ifndef PVFSF_HELPER_PROTOCOL_TYPES_H
#define PVFSF_HELPER_PROTOCOL_TYPES_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace pvfsf::lun_export {

// PVFS_fs_id: a collection (file system) id, int32_t in PVFS.
using FsId = int32_t;
// PVFS_handle: a datafile handle, unique within a file system.  0 is
// PVFS_HANDLE_NULL and never names a datafile.
using Handle = uint64_t;

// LIO fileio backstores have 512-byte blocks (FD_BLOCKSIZE) and report
// fd_dev_size / 512 blocks: a LUN size is a whole number of blocks.
constexpr uint64_t kLunBlockSize = 512;
// Upper bound of a LUN size and of a set-size: 1 PiB, far above any
// datafile share a test or a deployment needs and far below the 2^63 where
// loff_t arithmetic in the kernel would overflow.
constexpr uint64_t kMaxLunSize = uint64_t{1} << 50;
// LUN numbers 0..kMaxLuns-1.  LIO 6.1 itself has no per-TPG limit (LUNs are
// in an hlist, the number is a u64; TRANSPORT_MAX_LUNS_PER_TPG is gone),
// so the limit is ours: 16384 is SAM's single-level flat addressing space,
// the largest range every initiator can address.
constexpr uint64_t kMaxLuns = 16384;
// Handles one export or unexport request may name: as many as the reply,
// one entry per handle, holds within a frame's 64 KiB body at the largest
// values (tests/unit/export/protocol_test.cc checks it).  ExportClient
// sends more as several requests.
constexpr uint64_t kMaxHandlesPerRequest = 512;

struct ExportedLun {
  Handle handle = 0;
  uint64_t lun = 0;
  uint64_t size = 0;     // the LUN's size now
  bool created = false;  // false: it was exported already
  bool grown = false;    // it was exported with a smaller size
};

struct UnexportedLun {
  Handle handle = 0;
  std::optional<uint64_t> lun;  // nullopt: it was not exported
  // The LUN and its backstore went: no other initiator maps it.  False
  // while another client still uses it.
  bool removed = false;
};

struct SizeChange {
  Handle handle = 0;
  uint64_t size = 0;            // the bstream's length now
  std::optional<uint64_t> lun;  // its LUN, if exported
};

struct LunInfo {
  FsId fs_id = 0;
  Handle handle = 0;
  uint64_t lun = 0;
  uint64_t size = 0;                     // the LUN's size
  std::string backing;                   // the bstream LIO serves
  std::optional<uint64_t> bstream_size;  // nullopt: the file is missing
  std::string serial;                    // VPD 0x80
  // The initiator names whose node ACLs map the LUN: one reference each.
  std::vector<std::string> initiators;
};

// What a client needs to log in: the server's target and portal.
struct TargetInfo {
  std::string server;
  std::string target;
  std::string portal;  // ADDR:PORT
};

// The JSON of each result, as the protocol's replies carry it and
// `pvfs-lun-export list --json` prints it (docs/export-protocol.md).  A
// TargetInfo and a SizeChange are not objects of their own on the wire:
// their fields sit in the reply object beside "ok" and "op".  from_json()
// is a reply reader: it throws ExportError kBadRequest if a field is
// missing or wrong and ignores fields it does not know.
void to_json(nlohmann::json& out, const ExportedLun& lun);
void from_json(const nlohmann::json& in, ExportedLun& lun);
void to_json(nlohmann::json& out, const UnexportedLun& lun);
void from_json(const nlohmann::json& in, UnexportedLun& lun);
void to_json(nlohmann::json& out, const SizeChange& change);
void from_json(const nlohmann::json& in, SizeChange& change);
void to_json(nlohmann::json& out, const LunInfo& info);
void from_json(const nlohmann::json& in, LunInfo& info);
void to_json(nlohmann::json& out, const TargetInfo& target);
void from_json(const nlohmann::json& in, TargetInfo& target);

// Throw ExportError kBadRequest unless @size is a LUN size: a non-zero
// multiple of 512 up to kMaxLunSize.
void check_lun_size(uint64_t size);
// ... unless @size is a bstream size: up to kMaxLunSize.
void check_bstream_size(uint64_t size);
// ... unless @handles are 1 to kMaxHandlesPerRequest distinct non-zero
// handles.
void check_handles(const std::vector<Handle>& handles);

}  // namespace pvfsf::lun_export

#endif
