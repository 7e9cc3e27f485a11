#include "common/error.h"

namespace pvfsf {

void throw_errno(int err, const std::string& context) {
  throw std::system_error(err, std::generic_category(), context);
}

}  // namespace pvfsf
