// Bounds the request bodies held in memory at once, so memory stays bounded however many
// clients send large batches together.
#pragma once

#include <cstddef>
#include <mutex>

namespace eye {

class BodyBudget {
public:
    explicit BodyBudget(std::size_t bytes) : capacity_(bytes) {}

    // Holds `bytes` of the budget for its lifetime; `granted()` is false when they did not fit.
    // One request alone may always take what it needs (up to the body limits), so that a body
    // larger than the budget is not refused forever.
    class Lease {
    public:
        Lease(BodyBudget& budget, std::size_t bytes);
        ~Lease();
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        bool granted() const { return granted_; }

    private:
        BodyBudget& budget_;
        std::size_t bytes_;
        bool granted_;
    };

    std::size_t in_use() const;

private:
    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::size_t used_ = 0;
};

}  // namespace eye
