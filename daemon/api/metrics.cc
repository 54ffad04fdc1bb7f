#include "daemon/api/metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

namespace caseaudit::daemon::api {

std::string escape_label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

void ApiMetrics::record(const std::string& route, const std::string& method, int status,
                        std::chrono::nanoseconds duration) {
  double seconds = std::chrono::duration<double>(duration).count();
  std::lock_guard lock(mutex_);
  ++requests_[{route, method, status}];
  Latency& latency = latency_[{route, method}];
  ++latency.count;
  latency.sum_seconds += seconds;
  auto bucket = std::lower_bound(kBuckets.begin(), kBuckets.end(), seconds);
  if (bucket != kBuckets.end()) ++latency.buckets[std::distance(kBuckets.begin(), bucket)];
}

void ApiMetrics::record_unmatched(const std::string& method, int status, const std::string& route) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, method, status}];
}

void ApiMetrics::record_refusal(const std::string& route, int status, std::string_view reason) {
  std::lock_guard lock(mutex_);
  ++refusals_[{route, status, std::string(reason)}];
}

std::string ApiMetrics::render() const {
  std::lock_guard lock(mutex_);
  std::string out =
      "# HELP caseaudit_http_requests_total HTTP requests answered, by route pattern, method and "
      "status.\n# TYPE caseaudit_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto& [route, method, status] = key;
    out += fmt::format(
        "caseaudit_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
        escape_label(route), escape_label(method), status, count);
  }
  out +=
      "# HELP caseaudit_http_refusals_total Requests refused (4xx), by route pattern, status and "
      "reason.\n# TYPE caseaudit_http_refusals_total counter\n";
  for (const auto& [key, count] : refusals_) {
    const auto& [route, status, reason] = key;
    out += fmt::format(
        "caseaudit_http_refusals_total{{route=\"{}\",status=\"{}\",reason=\"{}\"}} {}\n",
        escape_label(route), status, escape_label(reason), count);
  }
  out +=
      "# HELP caseaudit_http_request_duration_seconds Time from routing to the response, by route "
      "pattern and method.\n# TYPE caseaudit_http_request_duration_seconds histogram\n";
  for (const auto& [key, latency] : latency_) {
    std::string labels = fmt::format("route=\"{}\",method=\"{}\"", escape_label(key.first),
                                     escape_label(key.second));
    long long cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += latency.buckets[i];
      out += fmt::format("caseaudit_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n",
                         labels, kBuckets[i], cumulative);
    }
    out += fmt::format("caseaudit_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n",
                       labels, latency.count);
    out += fmt::format("caseaudit_http_request_duration_seconds_sum{{{}}} {}\n", labels,
                       latency.sum_seconds);
    out += fmt::format("caseaudit_http_request_duration_seconds_count{{{}}} {}\n", labels,
                       latency.count);
  }
  return out;
}

void ApiMetrics::record_sign_in(std::string_view outcome) {
  std::lock_guard lock(mutex_);
  ++sign_ins_[std::string(outcome)];
}

std::string ApiMetrics::render_sign_ins() const {
  std::lock_guard lock(mutex_);
  std::string out =
      "# HELP caseaudit_sign_ins_total Sign-in requests and confirmations, by outcome.\n"
      "# TYPE caseaudit_sign_ins_total counter\n";
  for (std::string_view outcome : kSignInOutcomes) {
    auto found = sign_ins_.find(outcome);
    out += "caseaudit_sign_ins_total{outcome=\"" + std::string(outcome) + "\"} " +
           std::to_string(found == sign_ins_.end() ? 0 : found->second) + "\n";
  }
  return out;
}

}  // namespace caseaudit::daemon::api
