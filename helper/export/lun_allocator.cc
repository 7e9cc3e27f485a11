#include "export/lun_allocator.h"

#include <algorithm>

#include "protocol/export_error.h"

namespace pvfsf::lun_export {

LunAllocator::LunAllocator(const std::vector<uint64_t>& used, uint64_t limit)
    : used_(used.begin(), used.end()), limit_(limit) {}

uint64_t LunAllocator::free_count() const {
  const uint64_t below =
      std::count_if(used_.begin(), used_.end(),
                    [this](uint64_t lun) { return lun < limit_; });
  return limit_ - below;
}

uint64_t LunAllocator::take() {
  while (lowest_candidate_ < limit_ && used_.count(lowest_candidate_))
    lowest_candidate_++;
  if (lowest_candidate_ >= limit_)
    throw ExportError(ErrorCode::kNoSpace,
                      "no free LUN number: all " + std::to_string(limit_) +
                          " (0 to " + std::to_string(limit_ - 1) +
                          ") are in use on this target");
  used_.insert(lowest_candidate_);
  return lowest_candidate_++;
}

void LunAllocator::release(uint64_t lun) {
  used_.erase(lun);
  lowest_candidate_ = std::min(lowest_candidate_, lun);
}

}  // namespace pvfsf::lun_export
