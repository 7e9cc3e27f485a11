// The iSCSI initiator name a client's requests carry: the servers give
// each initiator name a LIO node ACL of its own, so it decides which LUNs
// the client's sessions may see.  open-iscsi keeps the host's name in
// /etc/iscsi/initiatorname.iscsi ("InitiatorName=iqn...."); an iface with
// an initiator name of its own logs in under that name instead.
#ifndef PVFSF_HELPER_PROTOCOL_INITIATOR_NAME_H
#define PVFSF_HELPER_PROTOCOL_INITIATOR_NAME_H

#include <string>
#include <string_view>

namespace pvfsf::lun_export {

constexpr const char* kInitiatorNameFile = "/etc/iscsi/initiatorname.iscsi";

// Throws ExportError kBadRequest, naming @what, unless @name is an iSCSI
// name (check_iqn()).
void check_initiator_name(std::string_view name, const std::string& what);

// The name of the "InitiatorName=" line of an initiatorname.iscsi text
// (comment lines and blanks around the name ignored).  Throws ExportError
// kBadRequest naming @source if there is none or it is no iSCSI name.
std::string parse_initiator_name(std::string_view text,
                                 const std::string& source);
// The same, read from @path; throws std::system_error if it cannot be read.
std::string read_initiator_name(const std::string& path = kInitiatorNameFile);

}  // namespace pvfsf::lun_export

#endif
