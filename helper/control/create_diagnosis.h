// CREATE fails with one errno for the whole request.  To say which member or
// which argument was at fault, look again from user space after the failure;
// this never decides anything the kernel did not already refuse.
#ifndef PVFSF_HELPER_CONTROL_CREATE_DIAGNOSIS_H
#define PVFSF_HELPER_CONTROL_CREATE_DIAGNOSIS_H

#include <string>

#include "control/control_structs.h"

namespace pvfsf {

// The part of @spec that most likely caused @err, e.g. "member 2 (8:16)" or
// "strip 1000 bytes", or "" when nothing stands out.  The rules mirror the
// kernel's refusals (blk/pvfsf_validate.c, pvfsf_members.c).
std::string blame_create_failure(const CreateSpec& spec, int err);

}  // namespace pvfsf

#endif
