// Monitoring: what the running daemon knows about itself beyond the
// database, for /metrics and /readyz: when each background job last
// succeeded, and what delivery has learnt about the relay. Pointers are null
// outside serve (tests, the CLI): then those families and details are left
// out.
//
// The pointed-to objects are thread-safe to read and outlive the routes.
#pragma once

namespace caseaudit::notifier {
class DeliveryHealth;  // notifier/delivery_health.h
}

namespace caseaudit::daemon {

class BackgroundJobs;  // daemon/background_jobs.h
class JobNotes;        // daemon/job_notes.h

struct Monitoring {
  const BackgroundJobs* jobs = nullptr;
  const notifier::DeliveryHealth* delivery = nullptr;
  const JobNotes* notes = nullptr;  // the jobs' notes, /readyz's "detail"
};

}  // namespace caseaudit::daemon
