// Which SCSI disk is which: the unit serial a data server gave its LUN
// (VPD page 0x80), the disk's H:C:T:L, and the iSCSI session it came
// through, all read from sysfs.  Every function takes the sysfs root, so the
// unit tests run on fixture trees captured from a 6.1 guest (see
// tests/unit/attach/fixtures/).  What the guest shows for an iSCSI disk:
//
//   /sys/block/sda -> ../devices/platform/host0/session1/target0:0:0/0:0:0:0/block/sda
//   .../block/sda/device -> ../../../0:0:0:0        (the SCSI device)
//   .../0:0:0:0/vpd_pg80  00 80 00 19 "00000007000000000010000a" 00
//   /sys/class/iscsi_session/session1 -> ../../devices/platform/host0/session1/iscsi_session/session1
//
// Each iSCSI session is its own SCSI host, and the session directory sits
// between the host and the target: .../hostH/sessionS/targetH:C:T/H:C:T:L.
#ifndef PVFSF_HELPER_ATTACH_SCSI_DISK_H
#define PVFSF_HELPER_ATTACH_SCSI_DISK_H

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace pvfsf::attach {

// Where sysfs is mounted: "/sys" on a live system, a fixture tree in tests.
class Sysfs {
 public:
  explicit Sysfs(std::filesystem::path root = "/sys");
  const std::filesystem::path& root() const { return root_; }
  // @relative ("block/sda/size") below the root.
  std::filesystem::path path(std::string_view relative) const;
  // "/devices/..." (a udev syspath below the root, or a devpath) as a path
  // below the root.
  std::filesystem::path from_devpath(std::string_view devpath) const;
  // @path without the root: "/devices/platform/host0/..."; @path must be
  // below the root.
  std::string devpath(const std::filesystem::path& path) const;

  // The whole contents of a sysfs file (binary safe), nullopt if it does
  // not exist.  Throws system_error for any other failure.
  std::optional<std::string> read(const std::filesystem::path& path) const;
  // As read(), with one trailing newline removed: an attribute's value.
  std::optional<std::string> attribute(const std::filesystem::path& path) const;
  // Writes @text to the attribute at @path in one write(2), as the kernel
  // wants it.  Throws system_error naming @what.
  void write(const std::filesystem::path& path, const std::string& text,
             const std::string& what) const;

 private:
  std::filesystem::path root_;
};

// Why a VPD page 0x80 was refused.  what() reads "VPD page 0x80: ...".
class VpdError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The unit serial in a raw VPD page 0x80 (the bytes of sysfs's vpd_pg80):
// byte 1 must be the page code 0x80, bytes 2-3 the big-endian length of the
// serial that follows the 4-byte header, within the buffer.  Leading and
// trailing spaces (SPC pads with them) and trailing NULs (LIO terminates
// the serial with one and counts it) are stripped.  Throws VpdError for a
// short buffer, another page, a length beyond the buffer, a blank serial
// or a byte that is not printable ASCII.
std::string parse_vpd_pg80(std::span<const uint8_t> page);
std::string parse_vpd_pg80(std::string_view page);

// A unit serial as udev's ID_SCSI_SERIAL gives it (tgt's are padded with
// spaces): leading and trailing blanks removed.
std::string normalize_serial(std::string_view serial);

// Whether a disk whose serial reads @found is the LUN whose serial is
// @wanted: equal once both are normalized, and neither blank.  Exact and
// case-sensitive: a prefix or a serial truncated by the target is no match.
bool serial_matches(std::string_view wanted, std::string_view found);

// A SCSI address, host:channel:target:lun.
struct ScsiHctl {
  uint32_t host = 0;
  uint32_t channel = 0;
  uint32_t target = 0;
  uint64_t lun = 0;
  std::string str() const;  // "0:0:0:1"
  bool operator==(const ScsiHctl&) const = default;
};

// "H:C:T:L", all decimal, nothing else; nullopt otherwise.
std::optional<ScsiHctl> parse_hctl(std::string_view text);

// The iSCSI session a device path runs through: the S of the components
// "hostH/sessionS/targetH:C:T" (H the same in both), anywhere in @path.
// nullopt for a path that has no such run of components (a virtio, SATA
// or SAS disk, a loop device, a malformed name).
std::optional<uint32_t> iscsi_session_of_path(std::string_view path);

// A block device as sysfs describes it.
struct ScsiDisk {
  std::string name;      // "sdb"
  std::string devpath;   // "/devices/platform/host0/session1/.../block/sdb"
  dev_t devnum = 0;      // from "dev"
  uint64_t size_bytes = 0;          // "size" (512-byte units) * 512
  uint32_t logical_block_size = 0;  // queue/logical_block_size
  bool is_scsi = false;  // device/subsystem is "scsi"
  ScsiHctl hctl;         // the SCSI device's name, if is_scsi
  // The unit serial from device/vpd_pg80, or nullopt with the reason in
  // serial_error ("no device/vpd_pg80", or the VpdError's message).
  std::optional<std::string> serial;
  std::string serial_error;
  std::optional<uint32_t> session;  // the iSCSI session, if any
};

// Reads the disk @name ("sdb") from @sysfs: block/<name> and what it links
// to.  Throws system_error (ENOENT: no such block device) or
// std::runtime_error for attributes that do not parse.  A disk that is not
// SCSI comes back with is_scsi false and no serial.
ScsiDisk read_scsi_disk(const Sysfs& sysfs, std::string_view name);

// The names of the block disks of iSCSI session @sid ("sda", "sdb"), in
// H:C:T:L order: every .../sessionS/target*/H:C:T:L/block/* below
// class/iscsi_session/session<sid>/device.  Empty if the session has none
// or does not exist.
std::vector<std::string> iscsi_session_disks(const Sysfs& sysfs, uint32_t sid);

// class/iscsi_session/session<sid>/state: "LOGGED_IN", "FAILED", "FREE";
// nullopt if there is no such session.  (libopeniscsiusr does not return
// it.)
std::optional<std::string> iscsi_session_state(const Sysfs& sysfs, uint32_t sid);

}  // namespace pvfsf::attach

#endif
