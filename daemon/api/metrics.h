// ApiMetrics: the HTTP counters and latency histograms of GET /metrics, in
// the Prometheus text exposition format (version 0.0.4).
//
// Routes are labelled by their pattern ("/v1/staff/{id}"), never by the raw
// path, so ids and junk paths cannot blow up the number of series; requests
// that matched no route share route="unmatched".
//
// Thread-safe: record() takes a mutex for a few map updates.
#pragma once

#include <array>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace caseaudit::daemon::api {

class ApiMetrics {
 public:
  void record(const std::string& route, const std::string& method, int status,
              std::chrono::nanoseconds duration);
  // Counted, without a latency (answered before any route ran); `route` is
  // "unmatched", or the pattern whose path was asked with another method.
  void record_unmatched(const std::string& method, int status,
                        const std::string& route = "unmatched");
  // A refused request (4xx), by route pattern (or "unmatched"), status and
  // reason, a code from a fixed set (api.h's HttpRefusal, HttpServer's
  // unrouted_refusal_reason()): bounded series.
  void record_refusal(const std::string& route, int status, std::string_view reason);

  // The HTTP families, each with its # HELP and # TYPE lines.
  std::string render() const;

  // caseaudit_sign_ins_total{outcome}: the sign-in pages' outcomes, one of
  // kSignInOutcomes (each rendered, 0 when none yet).
  void record_sign_in(std::string_view outcome);
  std::string render_sign_ins() const;
  static constexpr std::array<std::string_view, 7> kSignInOutcomes{
      "requested",       "signed_in", "refused_expired",   "refused_used",
      "refused_unknown", "throttled", "refused_cross_site"};

  // Upper bounds of the latency buckets, in seconds (+Inf implied).
  static constexpr std::array<double, 12> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

 private:
  struct Latency {
    std::array<long long, kBuckets.size()> buckets{};  // cumulative on render
    long long count = 0;
    double sum_seconds = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, long long>
      requests_;                                                    // route, method, status
  std::map<std::pair<std::string, std::string>, Latency> latency_;  // route, method
  std::map<std::tuple<std::string, int, std::string>, long long>
      refusals_;                                            // route, status, reason
  std::map<std::string, long long, std::less<>> sign_ins_;  // outcome
};

// Escapes a label value for the exposition format (\\, \", \n).
std::string escape_label(const std::string& value);

}  // namespace caseaudit::daemon::api
