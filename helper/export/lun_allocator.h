// LUN numbers: the lowest free one first, so that numbers freed by an
// unexport are used again and a target's LUNs stay dense from 0.
#ifndef PVFSF_HELPER_EXPORT_LUN_ALLOCATOR_H
#define PVFSF_HELPER_EXPORT_LUN_ALLOCATOR_H

#include <cstdint>
#include <set>
#include <vector>

#include "protocol/types.h"

namespace pvfsf::lun_export {

class LunAllocator {
 public:
  // @used: the numbers taken (any order, duplicates allowed); numbers are
  // handed out below @limit only.
  explicit LunAllocator(const std::vector<uint64_t>& used,
                        uint64_t limit = kMaxLuns);

  // How many numbers take() can still hand out.
  uint64_t free_count() const;
  // The lowest free number, now taken.  Throws ExportError kNoSpace when
  // none is left.
  uint64_t take();
  void release(uint64_t lun);

 private:
  std::set<uint64_t> used_;
  uint64_t limit_;
  uint64_t lowest_candidate_ = 0;  // every number below it is taken
};

}  // namespace pvfsf::lun_export

#endif
