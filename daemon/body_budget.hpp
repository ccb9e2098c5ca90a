// Bounds the request bodies held in memory at once, so memory stays bounded however many
// clients send large batches together.
#pragma once

#include <cstddef>
#include <mutex>

namespace eye {

class BodyBudget {
public:
    explicit BodyBudget(std::size_t bytes) : capacity_(bytes) {}

    // A request's share of the budget, taken as its body's bytes arrive (so a client that
    // announces a large body and sends nothing holds nothing) and given back when it ends.
    class Lease {
    public:
        explicit Lease(BodyBudget& budget) : budget_(budget) {}
        ~Lease();
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        // Takes `bytes` more; false, taking nothing, when they do not fit. A lease that is the
        // only one holding anything always grows (up to the body limits, which bound it), so a
        // body larger than the whole budget is not refused forever.
        bool grow(std::size_t bytes);
        std::size_t bytes() const { return bytes_; }

    private:
        BodyBudget& budget_;
        std::size_t bytes_ = 0;
    };

    std::size_t in_use() const;

private:
    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::size_t used_ = 0;
};

}  // namespace eye
