// Every name pvfs-lun-export derives from PVFS identifiers: where a bstream
// lives (OrangeFS's DBPF layout), the unit serial a LUN carries, and the
// configfs names of its backstore.  Pure functions; no I/O.
#ifndef PVFSF_HELPER_PROTOCOL_NAMES_H
#define PVFSF_HELPER_PROTOCOL_NAMES_H

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/types.h"

namespace pvfsf::lun_export {

// DBPF: <storage>/<coll id %08x>/bstreams/<handle mod 64 %.8llu>/
// <handle %08llx>.bstream (trove-dbpf's DBPF_GET_BSTREAM_FILENAME).
std::string collection_dirname(FsId fs_id);   // "%08x"
std::string bucket_dirname(Handle handle);    // "%.8llu" of handle % 64
std::string bstream_filename(Handle handle);  // "%08llx.bstream"
std::filesystem::path bstreams_dir(const std::filesystem::path& storage,
                                   FsId fs_id);
std::filesystem::path bstream_path(const std::filesystem::path& storage,
                                   FsId fs_id, Handle handle);
// The longest bstream path below a storage dir, leading '/' included.
constexpr size_t kMaxBstreamSuffix = 1 + 8 + 10 + 8 + 1 + 16 + 8;

// The unit serial (VPD page 0x80) of a datafile's LUN: fs id as 8 hex
// digits (its 32 bits), then the handle as 16, lowercase, 24 digits in all.
// LIO builds the NAA designator of VPD page 0x83 from the first 25 hex
// digits of the serial, so the NAA names (fs id, handle) too and is unique
// wherever the pair is.
constexpr size_t kUnitSerialLength = 24;
std::string unit_serial(FsId fs_id, Handle handle);
struct DatafileId {
  FsId fs_id;
  Handle handle;
  bool operator==(const DatafileId&) const = default;
  auto operator<=>(const DatafileId&) const = default;
};
// nullopt unless @serial is exactly 24 lowercase hex digits.
std::optional<DatafileId> parse_unit_serial(std::string_view serial);

// The NAA designator of VPD page 0x83 that LIO 6.1 derives from a unit
// serial (spc_gen_naa_6h_vendor_specific()), as 32 hex digits: NAA 6, the
// 24-bit company id (LIO's 0x001405 unless wwn/company_id is changed), then
// the serial's first 25 hex digits, any other character skipped, zeros if
// there are fewer.  What udev shows as ID_WWN / ID_SERIAL of the disk.
std::string lio_naa_hex(std::string_view serial,
                        uint32_t company_id = 0x001405);

// The backstore of a datafile exported by server @server:
// "pvfs-<server>-<unit serial>".  Server names never hold '/'.
std::string backstore_name(std::string_view server, DatafileId id);
// The datafile a backstore name of @server names, or nullopt if it is not
// one of @server's backstores.
std::optional<DatafileId> parse_backstore_name(std::string_view server,
                                               std::string_view name);
// The fileio HBA that holds @server's backstores: "fileio_<N>", N the
// FNV-1a 32-bit hash of the name.  Only a grouping: names that collide
// share an HBA, and ownership is in the backstore names.
std::string hba_name(std::string_view server);
uint32_t fnv1a32(std::string_view text);

// The target IQN used when none is configured (check_server_name() of
// common/server_address.h keeps it within 223 bytes).
std::string default_target_iqn(std::string_view server);

}  // namespace pvfsf::lun_export

#endif
