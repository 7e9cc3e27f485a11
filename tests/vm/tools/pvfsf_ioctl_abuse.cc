// pvfsf-ioctl-abuse: sends malformed and conflicting requests to
// /dev/pvfsf-control and checks the errno of each.
//
//   pvfsf-ioctl-abuse [--control PATH] [-k NAME] MEMBER...
//
// The MEMBERs are unused block devices (loop devices will do): three or
// more alike, optionally a small one and one with larger blocks (see
// AbuseContext).  Cases build devices over them and remove them again; a
// case that leaves a device behind fails.  Each removal is waited for, so
// when the tool exits no device it made is left, in sysfs either.  One line
// per case: "ok NAME ERRNO", "FAIL NAME: got X want Y" or "skip NAME: why".
// Exit status: 0 no case failed, 1 some did, 2 bad usage.
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <cstring>
#include <iostream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "abuse_context.h"
#include "common/error.h"

namespace {

using pvfsf::make_features_request;
using pvfsf::make_info_request;
using pvfsf::make_list_request;
using pvfsf::make_remove_request;
using pvfsf::UniqueFd;
using pvfsf::tools::CreateRequest;
using C = pvfsf::tools::AbuseContext;

struct AbuseCase {
  const char* name;
  int want;          // errno the kernel must return; 0 for success
  int also;          // another acceptable errno, or 0
  int (*run)(C& c);  // 0, an errno, or C::kSkip
};

// An ioctl number like @request whose struct is 8 bytes shorter or longer:
// a caller built against another version of the header.
unsigned long shortened(unsigned long request) {
  return _IOC(_IOC_DIR(request), _IOC_TYPE(request), _IOC_NR(request),
              _IOC_SIZE(request) - 8);
}

unsigned long lengthened(unsigned long request) {
  return _IOC(_IOC_DIR(request), _IOC_TYPE(request), _IOC_NR(request),
              _IOC_SIZE(request) + 8);
}

// The lowest flag bit that @known does not define.
constexpr uint32_t lowest_unknown_bit(uint32_t known) {
  return ~known & (known + 1);
}

// Each builds a well-formed request, lets @spoil change it and sends it.
template <typename Spoil>
int spoil_create(C& c, Spoil spoil) {
  CreateRequest r = c.valid_create();
  spoil(c, r);
  return c.create(r);
}

template <typename Spoil>
int spoil_features(C& c, Spoil spoil) {
  pvfsf_features q = make_features_request();
  spoil(q);
  return c.raw(PVFSF_IOC_GET_FEATURES, &q);
}

// REMOVE and INFO go to an index no device has: a request the kernel
// wrongly takes then fails differently instead of removing something.
template <typename Spoil>
int spoil_remove(C& c, Spoil spoil) {
  pvfsf_remove q = make_remove_request(c.missing_index(), false);
  spoil(q);
  return c.raw(PVFSF_IOC_REMOVE, &q);
}

// A bind of an unused member disk into slot 0 of a device that does not
// exist; @spoil changes it.
template <typename Spoil>
int spoil_bind(C& c, Spoil spoil) {
  pvfsf_bind q{};
  q.version = PVFSF_CTL_VERSION;
  q.index = c.missing_index();
  q.member = c.member_entry(2);
  spoil(c, q);
  return c.raw(PVFSF_IOC_BIND, &q);
}

template <typename Spoil>
int spoil_info(C& c, Spoil spoil) {
  std::vector<pvfsf_member> room;
  pvfsf_info q = make_info_request(c.missing_index(), room);
  spoil(q);
  return c.raw(PVFSF_IOC_INFO, &q);
}

template <typename Spoil>
int spoil_list(C& c, Spoil spoil) {
  std::vector<uint32_t> room;
  pvfsf_list q = make_list_request(room);
  spoil(q);
  return c.raw(PVFSF_IOC_LIST, &q);
}

// The member-2 device held by an O_EXCL open while CREATE asks for it.
int create_over_excl_open(C& c) {
  UniqueFd held(
      ::open(c.member(2).path.c_str(), O_RDONLY | O_EXCL | O_CLOEXEC));
  if (!held)
    return c.skip("cannot hold " + c.member(2).path + ": " + strerror(errno));
  CreateRequest r = c.valid_create();
  return c.create(r);
}

// A well-formed request the kernel can read but not answer in: it must not
// leave a device whose index nobody learnt (the leak check would see it).
int create_from_read_only_memory(C& c) {
  CreateRequest r = c.valid_create();
  r.req.members = reinterpret_cast<uintptr_t>(r.members.data());
  void* page = ::mmap(nullptr, 4096, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (page == MAP_FAILED)
    return c.skip(std::string("mmap: ") + strerror(errno));
  std::memcpy(page, &r.req, sizeof(r.req));
  int err = ::mprotect(page, 4096, PROT_READ) < 0
                ? c.skip(std::string("mprotect: ") + strerror(errno))
                : c.raw(PVFSF_IOC_CREATE, page);
  ::munmap(page, 4096);
  return err;
}

int remove_fixture_while_open(C& c) {
  const uint32_t index = c.fixture().index;
  UniqueFd open_fd(
      ::open(pvfsf::device_path(index).c_str(), O_RDONLY | O_CLOEXEC));
  if (!open_fd)
    return c.skip("cannot open " + pvfsf::device_path(index) + ": " +
                  strerror(errno));
  pvfsf_remove q = make_remove_request(index, false);
  return c.raw(PVFSF_IOC_REMOVE, &q);
}

// clang-format off
const AbuseCase kCases[] = {
  // Well-formed requests first: the refusals below mean something only if these pass.
  {"features-valid",                 0,      0,     [](C& c) { return spoil_features(c, [](pvfsf_features&) {}); }},
  {"create-valid",                   0,      0,     [](C& c) { return spoil_create(c, [](C&, CreateRequest&) {}); }},
  {"create-read-only",               0,      0,     [](C& c) { return spoil_create(c, [](C&, CreateRequest& r) { r.req.flags = PVFSF_CREATE_READ_ONLY; }); }},
  {"create-strip-min",               0,      0,     [](C& c) { return c.member(1).block > PVFSF_MIN_STRIP ? c.skip("blocks larger than the least strip") : spoil_create(c, [](C&, CreateRequest& r) { r.req.strip_size = PVFSF_MIN_STRIP; }); }},
  {"create-strip-max",               0,      0,     [](C& c) { return spoil_create(c, [](C&, CreateRequest& r) { r.req.strip_size = PVFSF_MAX_STRIP; }); }},
  {"create-strip-not-power-of-2",    0,      0,     [](C& c) { return spoil_create(c, [](C& c, CreateRequest& r) { r.req.strip_size = 3ULL * c.member(1).block * 8; }); }},
  // A struct shorter than the kernel knows.
  {"features-long",                  EINVAL, 0,     [](C& c) { pvfsf_features q[2] = {make_features_request()}; return c.raw(lengthened(PVFSF_IOC_GET_FEATURES), q); }},
  {"features-short",                 EINVAL, 0,     [](C& c) { pvfsf_features q = make_features_request(); return c.raw(shortened(PVFSF_IOC_GET_FEATURES), &q); }},
  {"create-short",                   EINVAL, 0,     [](C& c) { CreateRequest r = c.valid_create(); return c.create(r, shortened(PVFSF_IOC_CREATE)); }},
  {"remove-short",                   EINVAL, 0,     [](C& c) { pvfsf_remove q = make_remove_request(c.missing_index(), false); return c.raw(shortened(PVFSF_IOC_REMOVE), &q); }},
  {"info-short",                     EINVAL, 0,     [](C& c) { std::vector<pvfsf_member> m; pvfsf_info q = make_info_request(c.missing_index(), m); return c.raw(shortened(PVFSF_IOC_INFO), &q); }},
  {"list-short",                     EINVAL, 0,     [](C& c) { std::vector<uint32_t> i; pvfsf_list q = make_list_request(i); return c.raw(shortened(PVFSF_IOC_LIST), &q); }},
  {"unknown-ioctl",                  ENOTTY, 0,     [](C& c) { pvfsf_features q = make_features_request(); return c.raw(_IOWR(PVFSF_IOC_MAGIC, 0x3f, struct pvfsf_features), &q); }},
  // Versions the kernel does not speak.
  {"features-version-0",             EINVAL, 0,     [](C& c) { return spoil_features(c, [](pvfsf_features& q) { q.version = 0; }); }},
  {"features-version-next",          EINVAL, 0,     [](C& c) { return spoil_features(c, [](pvfsf_features& q) { q.version = PVFSF_CTL_VERSION + 1; }); }},
  {"create-version-0",               EINVAL, 0,     [](C& c) { return spoil_create(c, [](C&, CreateRequest& r) { r.req.version = 0; }); }},
  {"create-version-next",            EINVAL, 0,     [](C& c) { return spoil_create(c, [](C&, CreateRequest& r) { r.req.version = PVFSF_CTL_VERSION + 1; }); }},
  {"remove-version-next",            EINVAL, 0,     [](C& c) { return spoil_remove(c, [](pvfsf_remove& q) { q.version = PVFSF_CTL_VERSION + 1; }); }},
  {"info-version-next",              EINVAL, 0,     [](C& c) { return spoil_info(c, [](pvfsf_info& q) { q.version = PVFSF_CTL_VERSION + 1; }); }},
  {"list-version-next",              EINVAL, 0,     [](C& c) { return spoil_list(c, [](pvfsf_list& q) { q.version = PVFSF_CTL_VERSION + 1; }); }},
  // Flags the kernel does not know.
  {"create-flag-lowest-unknown",     EINVAL, 0,     [](C& c) { return spoil_create(c, [](C&, CreateRequest& r) { r.req.flags = lowest_unknown_bit(PVFSF_CREATE_FLAGS); }); }},
  {"create-flag-bit-31",             EINVAL, 0,     [](C& c) { return spoil_create(c, [](C&, CreateRequest& r) { r.req.flags = 1U << 31; }); }},
  {"remove-flag-lowest-unknown",     EINVAL, 0,     [](C& c) { return spoil_remove(c, [](pvfsf_remove& q) { q.flags = lowest_unknown_bit(PVFSF_REMOVE_FLAGS); }); }},
  {"remove-flag-bit-31",             EINVAL, 0,     [](C& c) { return spoil_remove(c, [](pvfsf_remove& q) { q.flags = 1U << 31; }); }},
  // Reserved fields that are not zero.
  {"features-reserved0",             EINVAL, 0,     [](C& c) { return spoil_features(c, [](pvfsf_features& q) { q.reserved0 = 1; }); }},
  {"features-reserved-last",         EINVAL, 0,     [](C& c) { return spoil_features(c, [](pvfsf_features& q) { q.reserved[1] = 1; }); }},
  {"create-reserved0",               EINVAL, 0,     [](C& c) { return spoil_create(c, [](C&, CreateRequest& r) { r.req.reserved0 = 1; }); }},
  {"create-index-nonzero",           EINVAL, 0,     [](C& c) { return spoil_create(c, [](C&, CreateRequest& r) { r.req.index = 1; }); }},
  {"create-reserved-last",           EINVAL, 0,     [](C& c) { return spoil_create(c, [](C&, CreateRequest& r) { r.req.reserved[2] = 1; }); }},
  {"create-assemble-no-capacity",    EINVAL, 0,     [](C& c) { return spoil_create(c, [](C&, CreateRequest& r) { r.req.flags = PVFSF_CREATE_ASSEMBLE; }); }},
  {"create-capacity-overflows",      EINVAL, 0,     [](C& c) { return spoil_create(c, [](C&, CreateRequest& r) { r.req.capacity = (INT64_MAX >> 9) + 1; }); }},
  {"remove-reserved0",               EINVAL, 0,     [](C& c) { return spoil_remove(c, [](pvfsf_remove& q) { q.reserved0 = 1; }); }},
  {"remove-reserved-last",           EINVAL, 0,     [](C& c) { return spoil_remove(c, [](pvfsf_remove& q) { q.reserved[1] = 1; }); }},
  {"info-reserved0",                 EINVAL, 0,     [](C& c) { return spoil_info(c, [](pvfsf_info& q) { q.reserved0 = 1; }); }},
  {"info-reserved-last",             EINVAL, 0,     [](C& c) { return spoil_info(c, [](pvfsf_info& q) { q.reserved[3] = 1; }); }},
  {"list-reserved0",                 EINVAL, 0,     [](C& c) { return spoil_list(c, [](pvfsf_list& q) { q.reserved0 = 1; }); }},
  {"list-reserved-last",             EINVAL, 0,     [](C& c) { return spoil_list(c, [](pvfsf_list& q) { q.reserved[1] = 1; }); }},
  // Strip sizes.
  {"create-strip-0",                 EINVAL, 0,     [](C& c) { return spoil_create(c, [](C&, CreateRequest& r) { r.req.strip_size = 0; }); }},
  {"create-strip-below-min",         EINVAL, 0,     [](C& c) { return spoil_create(c, [](C&, CreateRequest& r) { r.req.strip_size = PVFSF_MIN_STRIP / 2; }); }},
  {"create-strip-not-512-multiple",  EINVAL, 0,     [](C& c) { return spoil_create(c, [](C&, CreateRequest& r) { r.req.strip_size = PVFSF_MIN_STRIP + 256; }); }},
  {"create-strip-not-block-multiple", EINVAL, 0,    [](C& c) { return !c.big_block() ? c.skip("no member with larger blocks") : spoil_create(c, [](C& c, CreateRequest& r) { r.members = {c.entry_for(*c.big_block(), 1)}; r.req.strip_size = 2ULL * c.big_block()->block + 512; }); }},
  {"create-strip-above-max",         EINVAL, 0,     [](C& c) { return spoil_create(c, [](C&, CreateRequest& r) { r.req.strip_size = PVFSF_MAX_STRIP + C::kStrip; }); }},
  {"create-strip-2^63",              EINVAL, 0,     [](C& c) { return spoil_create(c, [](C&, CreateRequest& r) { r.req.strip_size = 1ULL << 63; }); }},
  // Member counts.
  {"create-0-members",               EINVAL, 0,     [](C& c) { return spoil_create(c, [](C&, CreateRequest& r) { r.req.nr_members = 0; }); }},
  {"create-1025-members",            EINVAL, 0,     [](C& c) { return spoil_create(c, [](C& c, CreateRequest& r) { r.members.assign(PVFSF_MAX_MEMBERS + 1, c.member_entry(1)); r.req.nr_members = PVFSF_MAX_MEMBERS + 1; }); }},
  // Member devices.
  {"create-member-no-device",        ENODEV, 0,     [](C& c) { return spoil_create(c, [](C&, CreateRequest& r) { r.members[1].dev_major = 4095; r.members[1].dev_minor = 0; }); }},
  {"create-member-major-too-big",    EINVAL, 0,     [](C& c) { return spoil_create(c, [](C&, CreateRequest& r) { r.members[1].dev_major += 1U << 12; }); }},
  {"create-member-minor-too-big",    EINVAL, 0,     [](C& c) { return spoil_create(c, [](C&, CreateRequest& r) { r.members[1].dev_minor += 1U << 20; }); }},
  {"create-member-0-0",              EINVAL, 0,     [](C& c) { return spoil_create(c, [](C&, CreateRequest& r) { r.members[1].dev_major = 0; r.members[1].dev_minor = 0; }); }},
  {"create-member-twice",            EINVAL, 0,     [](C& c) { return spoil_create(c, [](C&, CreateRequest& r) { r.members[1] = r.members[0]; r.members[1].datafile_handle += 1; }); }},
  {"create-datafile-handle-twice",   EINVAL, 0,     [](C& c) { return spoil_create(c, [](C&, CreateRequest& r) { r.members[1].datafile_handle = r.members[0].datafile_handle; }); }},
  {"create-member-too-small",        EINVAL, 0,     [](C& c) { return !c.small() ? c.skip("no member more than a strip smaller") : spoil_create(c, [](C& c, CreateRequest& r) { r.members[1] = c.entry_for(*c.small(), 2); }); }},
  {"create-mixed-block-sizes",       EINVAL, 0,     [](C& c) { return !c.big_block() ? c.skip("no member with larger blocks") : spoil_create(c, [](C& c, CreateRequest& r) { r.members[1] = c.entry_for(*c.big_block(), 2); }); }},
  {"create-member-empty",            EINVAL, 0,     [](C& c) { return spoil_create(c, [](C& c, CreateRequest& r) { r.members[1].start_sector = c.member(2).sectors; }); }},
  {"create-member-start-past-end",   EINVAL, 0,     [](C& c) { return spoil_create(c, [](C& c, CreateRequest& r) { r.members[1].start_sector = c.member(2).sectors + 8; }); }},
  {"create-member-start-2^62",       EINVAL, 0,     [](C& c) { return spoil_create(c, [](C&, CreateRequest& r) { r.members[1].start_sector = 1ULL << 62; }); }},
  {"create-member-start-unaligned",  EINVAL, 0,     [](C& c) { return !c.big_block() ? c.skip("no member with larger blocks") : spoil_create(c, [](C& c, CreateRequest& r) { r.members = {c.entry_for(*c.big_block(), 1)}; r.members[0].start_sector = 1; }); }},
  {"create-member-held-open-excl",   EBUSY,  0,     create_over_excl_open},
  {"create-member-held-by-pvfsf",    EBUSY,  0,     [](C& c) { return spoil_create(c, [](C& c, CreateRequest& r) { r.members[1] = c.member_entry(0); c.fixture(); }); }},
  {"create-duplicate-file",          EEXIST, 0,     [](C& c) { return spoil_create(c, [](C& c, CreateRequest& r) { r.req.fs_id = c.fixture().fs_id; r.req.handle = c.fixture().handle; }); }},
  // Pointers no access can succeed on.
  {"features-arg-bad-pointer",       EFAULT, 0,     [](C& c) { return c.raw(PVFSF_IOC_GET_FEATURES, reinterpret_cast<void*>(c.bad_pointer())); }},
  {"create-arg-bad-pointer",         EFAULT, 0,     [](C& c) { return c.raw(PVFSF_IOC_CREATE, reinterpret_cast<void*>(c.bad_pointer())); }},
  {"create-arg-null",                EFAULT, 0,     [](C& c) { return c.raw(PVFSF_IOC_CREATE, nullptr); }},
  {"create-members-bad-pointer",     EFAULT, 0,     [](C& c) { return spoil_create(c, [](C& c, CreateRequest& r) { r.req.members = c.bad_pointer(); r.members_pointer_fixed = true; }); }},
  {"create-arg-read-only",           EFAULT, 0,     create_from_read_only_memory},
  {"create-members-null",            EFAULT, 0,     [](C& c) { return spoil_create(c, [](C&, CreateRequest& r) { r.req.members = 0; r.members_pointer_fixed = true; }); }},
  {"create-members-kernel-address",  EFAULT, 0,     [](C& c) { return spoil_create(c, [](C&, CreateRequest& r) { r.req.members = 0xffff888000000000ULL; r.members_pointer_fixed = true; }); }},
  {"info-members-bad-pointer",       EFAULT, 0,     [](C& c) { std::vector<pvfsf_member> m; pvfsf_info q = make_info_request(c.fixture().index, m); q.members = c.bad_pointer(); q.members_len = 1; return c.raw(PVFSF_IOC_INFO, &q); }},
  {"info-members-null",              EFAULT, 0,     [](C& c) { std::vector<pvfsf_member> m; pvfsf_info q = make_info_request(c.fixture().index, m); q.members = 0; q.members_len = 1; return c.raw(PVFSF_IOC_INFO, &q); }},
  {"list-indices-null",              EFAULT, 0,     [](C& c) { c.fixture(); std::vector<uint32_t> i; pvfsf_list q = make_list_request(i); q.indices = 0; q.indices_len = 1; return c.raw(PVFSF_IOC_LIST, &q); }},
  {"list-indices-bad-pointer",       EFAULT, 0,     [](C& c) { c.fixture(); std::vector<uint32_t> i; pvfsf_list q = make_list_request(i); q.indices = c.bad_pointer(); q.indices_len = 1; return c.raw(PVFSF_IOC_LIST, &q); }},
  // Devices that do not exist, or cannot go.
  {"remove-missing-index",           ENODEV, ENXIO, [](C& c) { return spoil_remove(c, [](pvfsf_remove&) {}); }},
  {"remove-deferred-missing-index",  ENODEV, ENXIO, [](C& c) { return spoil_remove(c, [](pvfsf_remove& q) { q.flags = PVFSF_REMOVE_DEFERRED; }); }},
  {"info-missing-index",             ENODEV, ENXIO, [](C& c) { return spoil_info(c, [](pvfsf_info&) {}); }},
  {"remove-while-open",              EBUSY,  0,     remove_fixture_while_open},
  // Binds: checked before any disk is opened, the slot before the disk.
  {"bind-missing-index",             ENODEV, ENXIO, [](C& c) { return spoil_bind(c, [](C&, pvfsf_bind&) {}); }},
  {"bind-short",                     EINVAL, 0,     [](C& c) { pvfsf_bind q{}; q.version = PVFSF_CTL_VERSION; q.member = c.member_entry(2); return c.raw(shortened(PVFSF_IOC_BIND), &q); }},
  {"bind-version-next",              EINVAL, 0,     [](C& c) { return spoil_bind(c, [](C&, pvfsf_bind& q) { q.version = PVFSF_CTL_VERSION + 1; }); }},
  {"bind-flag-bit-0",                EINVAL, 0,     [](C& c) { return spoil_bind(c, [](C&, pvfsf_bind& q) { q.flags = 1; }); }},
  {"bind-reserved-last",             EINVAL, 0,     [](C& c) { return spoil_bind(c, [](C&, pvfsf_bind& q) { q.reserved[1] = 1; }); }},
  {"bind-slot-1024",                 EINVAL, 0,     [](C& c) { return spoil_bind(c, [](C&, pvfsf_bind& q) { q.slot = PVFSF_MAX_MEMBERS; }); }},
  {"bind-member-0-0",                EINVAL, 0,     [](C& c) { return spoil_bind(c, [](C&, pvfsf_bind& q) { q.member.dev_major = 0; q.member.dev_minor = 0; }); }},
  {"bind-slot-past-members",         EINVAL, 0,     [](C& c) { return spoil_bind(c, [](C& c, pvfsf_bind& q) { q.index = c.fixture().index; q.slot = static_cast<uint32_t>(c.fixture().members.size()); }); }},
  {"bind-other-datafile",            EINVAL, 0,     [](C& c) { return spoil_bind(c, [](C& c, pvfsf_bind& q) { q.index = c.fixture().index; q.member.datafile_handle = c.fixture().members[0].datafile_handle + 1000; }); }},
  {"bind-live-slot",                 EBUSY,  0,     [](C& c) { return spoil_bind(c, [](C& c, pvfsf_bind& q) { q.index = c.fixture().index; q.member.datafile_handle = c.fixture().members[0].datafile_handle; }); }},
};
// clang-format on

std::string errno_name(int err) {
  if (!err) return "0";
  const char* name = strerrorname_np(err);
  return name ? name : "errno " + std::to_string(err);
}

std::string wanted(const AbuseCase& c) {
  return errno_name(c.want) + (c.also ? " or " + errno_name(c.also) : "");
}

struct Tally {
  int ok = 0, failed = 0, skipped = 0;
};

void run_case(C& context, const AbuseCase& c, Tally& tally) {
  int got;
  try {
    got = c.run(context);
  } catch (const std::exception& e) {
    std::cout << "FAIL " << c.name << ": " << e.what() << "\n";
    ++tally.failed;
    return;
  }
  // A refused request must leave nothing behind; a device a case made on
  // purpose is gone already.
  std::string left;
  for (uint32_t index : context.remove_leaked_devices())
    left += " " + pvfsf::device_path(index);
  if (!left.empty()) {
    std::cout << "FAIL " << c.name << ": got " << errno_name(got) << " and left"
              << left << "\n";
    ++tally.failed;
  } else if (got == C::kSkip) {
    std::cout << "skip " << c.name << ": " << context.skip_reason << "\n";
    ++tally.skipped;
  } else if (got == c.want || (c.also && got == c.also)) {
    std::cout << "ok " << c.name << " " << errno_name(got) << "\n";
    ++tally.ok;
  } else {
    std::cout << "FAIL " << c.name << ": got " << errno_name(got) << " want "
              << wanted(c) << "\n";
    ++tally.failed;
  }
}

int usage(std::ostream& out, int code) {
  out << "usage: pvfsf-ioctl-abuse [--control PATH] [-k NAME] MEMBER...\n"
         "Unused block devices: three or more of one size and block size\n"
         "(the first decides), optionally one more than 64 KiB smaller and\n"
         "one with larger logical blocks.  -k runs the cases whose name\n"
         "holds NAME.  Exit status: 0 no case failed, 1 some did, 2 bad "
         "usage.\n";
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  std::string control = "/dev/" PVFSF_CTL_NAME;
  std::string filter;
  std::vector<std::string> members;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") return usage(std::cout, 0);
    if ((arg == "--control" || arg == "-k") && i + 1 < argc)
      (arg == "-k" ? filter : control) = argv[++i];
    else if (arg.starts_with("-"))
      return usage(std::cerr, 2);
    else
      members.emplace_back(arg);
  }
  if (members.size() < 3) return usage(std::cerr, 2);

  Tally tally;
  try {
    C context(control, members);
    for (const AbuseCase& c : kCases)
      if (std::string_view(c.name).find(filter) != std::string_view::npos)
        run_case(context, c, tally);
    // The tool must leave no device behind, the fixture included.
    try {
      context.remove_fixture();
    } catch (const std::system_error& e) {
      std::cout << "FAIL teardown: " << e.what() << "\n";
      ++tally.failed;
    }
  } catch (const pvfsf::UsageError& e) {
    std::cerr << "pvfsf-ioctl-abuse: " << e.what() << "\n";
    return usage(std::cerr, 2);
  } catch (const std::exception& e) {
    std::cout << "FAIL setup: " << e.what() << "\n";
    return 1;
  }
  std::cout << "pvfsf-ioctl-abuse: " << tally.ok << " ok, " << tally.failed
            << " failed, " << tally.skipped << " skipped\n";
  return tally.failed ? 1 : 0;
}
