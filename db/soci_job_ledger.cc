// SociTransaction as JobLedger: which periodic job ran for which period.
#include "db/soci_transaction_parts.h"

namespace caseaudit::db {

bool SociTransaction::record_run(const std::string& job, const std::string& period, Instant at) {
  return guarded("record_job_run", [&] {
    const std::string at_text = format_instant(at);
    long long id = 0;
    session_ << sql::kRecordJobRun, use(job), use(period), use(at_text), into(id);
    return session_.got_data();
  });
}

bool SociTransaction::ran(const std::string& job, const std::string& period) {
  return guarded("job_ran", [&] {
    long long id = 0;
    session_ << sql::kSelectJobRun, use(job), use(period), into(id);
    return session_.got_data();
  });
}

}  // namespace caseaudit::db
