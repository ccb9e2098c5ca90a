// A lease is granted when it fits, or when nothing is held (so one body larger than the whole
// budget still gets through alone); it gives its bytes back when it ends.
#include "body_budget.hpp"

namespace eye {

BodyBudget::Lease::Lease(BodyBudget& budget, std::size_t bytes) : budget_(budget), bytes_(bytes) {
    std::lock_guard lock(budget_.mutex_);
    granted_ = budget_.used_ == 0 || budget_.used_ + bytes_ <= budget_.capacity_;
    if (granted_) budget_.used_ += bytes_;
}

BodyBudget::Lease::~Lease() {
    if (!granted_) return;
    std::lock_guard lock(budget_.mutex_);
    budget_.used_ -= bytes_;
}

std::size_t BodyBudget::in_use() const {
    std::lock_guard lock(mutex_);
    return used_;
}

}  // namespace eye
