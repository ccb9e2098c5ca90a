// Writes the Prometheus text exposition format 0.0.4: families with HELP and TYPE, samples with
// escaped labels, histograms as their _bucket, _sum and _count series.
#pragma once

#include <cstdint>
#include <ostream>
#include <string_view>
#include <utility>
#include <vector>

#include "histogram.hpp"

namespace eye {

using Labels = std::vector<std::pair<std::string_view, std::string_view>>;

class PrometheusText {
public:
    explicit PrometheusText(std::ostream& out) : out_(out) {}

    // Starts a family: its # HELP and # TYPE lines ("counter", "gauge", "histogram"). Every
    // sample of the family must follow before the next family starts.
    void family(std::string_view name, std::string_view type, std::string_view help);
    void sample(std::string_view name, const Labels& labels, std::uint64_t value);
    void sample(std::string_view name, const Labels& labels, double value);
    // name_bucket{..., le="…"} for each bound and +Inf, then name_sum and name_count.
    void histogram(std::string_view name, const Labels& labels, const Histogram::Snapshot& snapshot);

private:
    void series(std::string_view name, const Labels& labels, std::string_view le = {});
    std::ostream& out_;
};

// The content type of this format, for the reply.
inline constexpr const char* prometheus_content_type = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace eye
