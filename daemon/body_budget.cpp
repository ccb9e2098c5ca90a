// A lease grows when the bytes fit, or when it alone holds anything (so one body larger than the
// whole budget still gets through alone); it gives its bytes back when it ends.
#include "body_budget.hpp"

namespace eye {

bool BodyBudget::Lease::grow(std::size_t bytes) {
    std::lock_guard lock(budget_.mutex_);
    bool alone = budget_.used_ == bytes_;
    if (!alone && budget_.used_ + bytes > budget_.capacity_) return false;
    budget_.used_ += bytes;
    bytes_ += bytes;
    return true;
}

BodyBudget::Lease::~Lease() {
    std::lock_guard lock(budget_.mutex_);
    budget_.used_ -= bytes_;
}

std::size_t BodyBudget::in_use() const {
    std::lock_guard lock(mutex_);
    return used_;
}

}  // namespace eye
