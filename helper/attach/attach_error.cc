#include "attach/attach_error.h"

namespace pvfsf::attach {

std::string datafile_name(const std::string& server, uint64_t handle) {
  return server + " (handle " + std::to_string(handle) + ")";
}

}  // namespace pvfsf::attach
