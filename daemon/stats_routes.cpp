// /stats/ handler: the store counts per slot, shared/stats.cpp lays the slots out in buckets.
#include "stats_routes.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "json_text.hpp"
#include "query_params.hpp"
#include "stats.hpp"

namespace eye {

Reply get_stats(const Request& request, Services& services) {
    Filter filter = read_filter(request.query, stats_filter_fields);
    StatsKey by = StatsKey::all;
    if (auto text = query_text(request.query, "by")) {
        auto key = parse_stats_key(*text);
        if (!key) throw Refusal(Error{code::invalid_query, "by must be category, name, type or app", "by"});
        by = *key;
    }
    BucketUnit unit = BucketUnit::day;
    if (auto text = query_text(request.query, "bucket")) {
        auto u = parse_bucket_unit(*text);
        if (!u) throw Refusal(Error{code::invalid_query, "bucket must be minute, hour, day, week or month", "bucket"});
        unit = *u;
    }
    TimeBuckets buckets(unit, query_text(request.query, "tz").value_or("UTC"));
    std::optional<Micros> after = query_time(request.query, "after"), before = query_time(request.query, "before");
    if (after && before) buckets.starts(*after, *before, max_stats_points);  // refuse a huge range before counting

    Stats stats = tabulate(services.store.count_slots(filter, by), buckets, after, before, by == StatsKey::all);

    std::vector<std::string> labels;
    labels.reserve(stats.buckets.size());
    for (Micros b : stats.buckets) labels.push_back(buckets.label(b));
    Poco::JSON::Array::Ptr series = new Poco::JSON::Array;
    for (const StatsSeries& s : stats.series) {
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object(true);
        o->set("key", by == StatsKey::all ? Poco::Dynamic::Var() : Poco::Dynamic::Var(s.key));
        o->set("total", s.total);
        Poco::JSON::Array::Ptr points = new Poco::JSON::Array;
        for (std::size_t i = 0; i < s.counts.size(); ++i) {
            Poco::JSON::Array::Ptr point = new Poco::JSON::Array;
            point->add(labels[i]);
            point->add(s.counts[i]);
            points->add(point);
        }
        o->set("points", points);
        series->add(o);
    }
    Poco::JSON::Object body(true);
    body.set("bucket", std::string(bucket_unit_name(unit)));
    body.set("tz", buckets.tz());
    body.set("by", by == StatsKey::all ? Poco::Dynamic::Var() : Poco::Dynamic::Var(request.query.get("by")));
    body.set("series", series);
    body.set("total", stats.total);
    return Reply{200, json_text(body), {}};
}

}  // namespace eye
