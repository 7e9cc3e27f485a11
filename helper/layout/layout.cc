#include "layout/layout.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <unordered_map>

#include "layout/fields.h"

namespace pvfsf::layout {

namespace {

const std::string kPrefix = "layout: ";

[[noreturn]] void refuse(const std::string& field, const std::string& why) {
  throw LayoutError(kPrefix + field + ": " + why);
}

std::string n(uint64_t value) { return std::to_string(value); }

void validate_datafiles(const Layout& layout) {
  if (layout.datafiles.empty())
    refuse("datafiles", "empty; a file has at least one datafile");
  if (layout.datafiles.size() > kMaxDatafiles)
    refuse("datafiles", n(layout.datafiles.size()) +
                            " datafiles; pvfsf takes at most " +
                            n(kMaxDatafiles) + " (PVFSF_MAX_MEMBERS)");
  std::unordered_map<uint64_t, size_t> handle_at;
  std::map<std::string, size_t> server_at;
  for (size_t i = 0; i < layout.datafiles.size(); ++i) {
    const Datafile& datafile = layout.datafiles[i];
    const std::string field = "datafiles[" + n(i) + "]";
    if (datafile.handle == 0)
      refuse(field + ".handle", "0 is PVFS_HANDLE_NULL, no datafile's handle");
    if (datafile.handle == layout.handle)
      refuse(field + ".handle",
             n(datafile.handle) + " is the file's own handle");
    auto [seen, fresh] = handle_at.emplace(datafile.handle, i);
    if (!fresh)
      refuse(field + ".handle", n(datafile.handle) + " repeats datafiles[" +
                                    n(seen->second) + "].handle");
    if (!layout.servers.count(datafile.server))
      refuse(field + ".server",
             quote(datafile.server) + " is not a key of servers");
    auto [other, first] = server_at.emplace(datafile.server, i);
    if (!first)
      refuse(field + ".server",
             datafile.server + " already holds datafiles[" + n(other->second) +
                 "]; PVFS puts each datafile of a file on a different server");
  }
  for (const auto& [key, server] : layout.servers)
    if (!server_at.count(key))
      refuse("servers." + key,
             "no datafile is on this server; list only the file's servers");
}

}  // namespace

void validate_servers(const std::map<std::string, Server>& servers,
                      const std::string& prefix) {
  std::map<std::string, std::string> bmi_owner;  // address -> server
  for (const auto& [key, server] : servers) {
    field_check([&] { check_server_name(key, prefix + ": servers"); });
    const std::string field = prefix + ": servers." + key;
    if (server.name != key)
      throw LayoutError(field + ".name: " + quote(server.name) +
                        " differs from its key");
    field_check([&] {
      parse_numeric_endpoint(server.portal, kIscsiPort, field + ".portal");
      check_iqn(server.iqn, field + ".iqn");
      parse_numeric_endpoint(server.service, kServicePort, field + ".service");
    });
    if (server.bmi.empty()) continue;
    for (const std::string& address : split_bmi(server.bmi, field + ".bmi")) {
      auto [it, fresh] = bmi_owner.emplace(address, key);
      if (!fresh && it->second != key)
        throw LayoutError(field + ".bmi: " + address + " is also servers." +
                          it->second + ".bmi; a BMI address names one server");
    }
  }
}

void check_strip_size(uint64_t strip, const std::string& what) {
  if (strip < kMinStrip)
    throw LayoutError(what + ": " + n(strip) + " is below " + n(kMinStrip) +
                      " bytes (PVFSF_MIN_STRIP)");
  if (strip > kMaxStrip)
    throw LayoutError(what + ": " + n(strip) + " is above " + n(kMaxStrip) +
                      " bytes (PVFSF_MAX_STRIP)");
  if (strip % kStripAlign)
    throw LayoutError(what + ": " + n(strip) + " is not a multiple of " +
                      n(kStripAlign) + " bytes");
}

void validate(const Layout& layout) {
  if (layout.fs_id > kMaxFsId)
    refuse("fs_id", n(layout.fs_id) + " is above " + n(kMaxFsId) +
                        " (PVFS_fs_id is int32_t)");
  if (layout.handle == 0)
    refuse("handle", "0 is PVFS_HANDLE_NULL, no file's handle");
  if (layout.distribution != "simple_stripe")
    refuse("distribution.name",
           quote(layout.distribution) +
               " is not supported; the fast path stripes simple_stripe "
               "files only");
  check_strip_size(layout.strip_size, kPrefix + "distribution.strip_size");
  if (layout.size > kMaxFileSize)
    refuse("size", n(layout.size) + " is above " + n(kMaxFileSize) +
                       " (PVFS_size is int64_t)");
  validate_servers(layout.servers, "layout");
  validate_datafiles(layout);
}

pvfsf_stripe stripe_of(const Layout& layout) {
  check_strip_size(layout.strip_size, kPrefix + "distribution.strip_size");
  if (layout.datafiles.empty() || layout.datafiles.size() > kMaxDatafiles)
    refuse("datafiles", n(layout.datafiles.size()) +
                            " datafiles; expected 1 to " + n(kMaxDatafiles));
  pvfsf_stripe st;
  pvfsf_stripe_init(&st, layout.strip_size,
                    static_cast<__u32>(layout.datafiles.size()));
  return st;
}

uint64_t datafile_share(const Layout& layout, uint64_t extent, uint32_t index) {
  const pvfsf_stripe st = stripe_of(layout);
  if (index >= st.nr_members)
    refuse("datafiles",
           "no datafile " + n(index) + " in a layout of " + n(st.nr_members));
  return pvfsf_stripe_member_size(&st, extent, index);
}

uint64_t lun_size(const Layout& layout, uint64_t extent) {
  const pvfsf_stripe st = stripe_of(layout);
  const uint64_t want = std::max(layout.size, extent);
  if (want > kMaxFileSize)
    throw LayoutError("lun size: extent " + n(want) + " is above " +
                      n(kMaxFileSize) + " (PVFS_size is int64_t)");
  // stripe <= 2^30 * 2^10 and want < 2^63: no step below can overflow.
  const uint64_t stripe = st.strip * st.nr_members;
  const uint64_t stripes = std::max<uint64_t>(1, (want + stripe - 1) / stripe);
  // A whole number of stripes gives every datafile the same share; take
  // the last one's, which is never more than any other's.
  return pvfsf_stripe_member_size(&st, stripes * stripe, st.nr_members - 1);
}

Location locate(const Layout& layout, uint64_t offset) {
  const pvfsf_stripe st = stripe_of(layout);
  pvfsf_stripe_pos pos;
  pvfsf_stripe_map(&st, offset, &pos);
  Location location;
  location.datafile = pos.member;
  location.handle = layout.datafiles[pos.member].handle;
  location.server = layout.datafiles[pos.member].server;
  location.offset = pos.offset;
  location.strip_left = pos.strip_left;
  return location;
}

std::string bstream_name(uint64_t handle) {
  char name[32];
  std::snprintf(name, sizeof(name), "%08" PRIx64 ".bstream", handle);
  return name;
}

const ServerEntry& server_with_bmi(std::string_view printed,
                                const std::map<std::string, Server>& servers,
                                const std::string& what) {
  if (printed.empty())
    throw LayoutError(what +
                      ": no server address (pvfs2-viewdist could not look "
                      "it up); cannot tell where this datafile lives");
  std::vector<std::string_view> addresses;
  for (size_t start = 0;;) {
    const size_t comma = printed.find(',', start);
    addresses.push_back(printed.substr(
        start, comma == std::string_view::npos ? comma : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  const ServerEntry* found = nullptr;
  for (const ServerEntry& entry : servers) {
    const auto& [name, server] = entry;
    if (server.bmi.empty()) continue;
    const std::vector<std::string> known =
        split_bmi(server.bmi, "servers file: servers." + name + ".bmi");
    const bool match = std::any_of(
        addresses.begin(), addresses.end(), [&](std::string_view address) {
          return std::find(known.begin(), known.end(), address) != known.end();
        });
    if (!match) continue;
    if (found)
      throw LayoutError(what + ": server " + quote(printed) +
                        " matches the bmi of both " + found->first + " and " +
                        name);
    found = &entry;
  }
  if (!found)
    throw LayoutError(what + ": server " + quote(printed) +
                      " is no server's bmi in the servers file");
  return *found;
}

}  // namespace pvfsf::layout
