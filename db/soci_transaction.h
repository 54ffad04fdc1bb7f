// SociTransaction: caseaudit::Transaction over one SOCI session that already has
// a transaction open (SociStore begins and ends it). Its frequent statements
// (the sql::NamedQuery ones) run through the session's StatementCache; the
// timestamps it writes itself come from `clock`.
//
// Every method translates SOCI errors (soci_errors.h). After a database error
// the transaction is unusable (PostgreSQL aborts it), so callers let the
// exception propagate rather than carry on.
//
// Not thread-safe; lives only inside one SociStore::transact call.
#pragma once

#include <soci/soci.h>

#include <memory>
#include <span>
#include <string_view>

#include "db/dialect.h"
#include "db/soci_errors.h"
#include "db/statement_cache.h"
#include "scheduler/store.h"

namespace caseaudit::db {

// One transaction on one pooled session. It is the Transaction facade and
// every repository at once (each accessor returns *this); each repository's
// methods are defined in their own file, db/soci_<repository>.cc, sharing
// this class's session, statement caches and error translation.
class SociTransaction final : public Transaction,
                              public OrganisationRepository,
                              public CaseloadRepository,
                              public AllocationRepository,
                              public FollowUpRepository,
                              public TokenRepository,
                              public SignInRepository,
                              public ActionLinkRepository,
                              public JobLedger,
                              public ChangeLog,
                              public Outbox,
                              public ReminderLedger,
                              public MonthFiguresRepository {
 public:
  // `read_only`: begun with Dialect::begin_read() (on PostgreSQL already one
  // snapshot for the whole transaction).
  SociTransaction(soci::session& session, StatementCache& statements, const Dialect& dialect,
                  const Clock& clock, bool read_only);
  ~SociTransaction() override;

  Authority load_authority() override;
  Authority load_reminder_authority(Date actions_due_by) override;
  Authority load_report_authority(Period months) override;

  OrganisationRepository& organisation() override { return *this; }
  CaseloadRepository& caseload() override { return *this; }
  AllocationRepository& allocation() override { return *this; }
  FollowUpRepository& follow_up() override { return *this; }
  TokenRepository& tokens() override { return *this; }
  SignInRepository& sign_in() override { return *this; }
  ActionLinkRepository& action_links() override { return *this; }
  JobLedger& jobs() override { return *this; }
  ChangeLog& changes() override { return *this; }
  Outbox& outbox() override { return *this; }
  ReminderLedger& ledger() override { return *this; }
  MonthFiguresRepository& figures() override { return *this; }

  // OrganisationRepository (db/soci_organisation.cc)
  Organisation load() override;
  OrganisationNames names() override;

  Id insert_service(const Service& service) override;
  void update_service(const Service& service) override;
  Id insert_team(const Team& team) override;
  void update_team(const Team& team) override;
  Id insert_staff(const Staff& staff) override;
  void update_staff(const Staff& staff) override;
  std::optional<Staff> find_staff(Id id) override;
  std::optional<Staff> find_staff_by_email(const std::string& email) override;
  std::optional<Service> find_service(Id id) override;
  std::optional<Team> find_team(Id id) override;

  Id insert_exemption(const Exemption& exemption) override;
  void delete_exemption(Id id) override;
  std::optional<Exemption> find_exemption(Id id) override;

  Id upsert_child(const Child& child) override;
  std::optional<Child> find_child_by_reference(const std::string& case_reference) override;
  std::optional<Child> find_child(Id id) override;
  std::vector<Child> children_audited_in(Month month) override;
  std::vector<Child> children_with_concerns() override;

  std::optional<AllocationRun> find_run(Month month) override;
  Id insert_run(const AllocationRun& run) override;
  void update_run(const AllocationRun& run) override;
  Id insert_audit(const Audit& audit) override;
  void update_audit(const Audit& audit) override;
  std::vector<Audit> audits_in(Month month) override;
  std::vector<AuditListing> audit_listings_in(Month month) override;
  std::optional<Audit> find_audit(Id id) override;
  Id insert_pairing(const Pairing& pairing) override;
  void update_pairing(const Pairing& pairing) override;
  std::vector<Pairing> pairings_for(Month period) override;

  Id insert_action(const Action& action) override;
  void update_action(const Action& action) override;
  Id insert_concern(const Concern& concern) override;
  void update_concern(const Concern& concern) override;
  Id insert_concern_update(const ConcernUpdate& update) override;
  std::optional<Action> find_action(Id id) override;
  std::vector<Action> actions_for_audit(Id audit_id) override;
  std::optional<Concern> find_concern(Id id) override;
  std::vector<Concern> concerns() override;
  std::vector<ConcernUpdate> concern_updates() override;
  std::vector<ConcernUpdate> concern_updates_for(Id concern_id) override;
  Id insert_impact_response(const ImpactResponse& response) override;
  std::vector<ImpactResponse> impact_responses_for_audit(Id audit_id) override;
  std::vector<ImpactResponse> impact_responses_for_months(Month first, Month last) override;
  Id insert_action_update(const ActionUpdate& update) override;
  void decide_action_update(const ActionUpdate& update) override;
  std::optional<ActionUpdate> find_action_update(Id id) override;
  std::vector<ActionUpdate> action_updates(bool pending_only) override;
  std::vector<ActionUpdate> action_updates_of(Id action_id) override;

  Id insert(const ApiToken& token) override;
  std::optional<ApiToken> find_by_hash(const std::string& secret_hash) override;
  std::vector<ApiToken> all() override;
  bool revoke(const std::string& name, Instant at) override;

  // SignInRepository (db/soci_sign_in.cc)
  ConsoleAccess console_access(Id staff_id) override;
  std::map<Id, ConsoleAccess> console_accesses() override;
  void set_console_access(Id staff_id, ConsoleAccess access) override;
  Id insert_link(const SignInLink& link) override;
  std::optional<SignInLink> find_link(const std::string& secret_hash) override;
  bool mark_link_used(Id id, Instant at) override;
  Id insert_session(const PersonSession& session) override;
  std::optional<PersonSession> find_session(const std::string& secret_hash) override;
  std::optional<PersonSession> find_session(Id id) override;
  std::vector<PersonSession> sessions() override;
  void touch_session(Id id, Instant at) override;
  bool revoke_session(Id id, Instant at) override;
  int revoke_sessions_of(Id staff_id, Instant at) override;

  // ActionLinkRepository (db/soci_action_links.cc)
  Id insert_action_link(const ActionLink& link) override;
  std::optional<ActionLink> find_action_link(const std::string& secret_hash) override;
  std::optional<ActionLink> find_action_link(Id id) override;
  bool mark_action_link_used(Id id, Id used_by, Instant at) override;
  bool revoke_action_link(Id id, Instant at) override;
  int revoke_action_links_for(LinkPurpose purpose, Id record_id, Instant at) override;

  // MonthFiguresRepository (db/soci_month_figures.cc)
  void freeze_figures(const MonthFigures& figures, Instant at) override;
  std::map<Month, MonthFigures> frozen_figures(Month first, Month last) override;

  bool record_run(const std::string& job, const std::string& period, Instant at) override;
  bool ran(const std::string& job, const std::string& period) override;

  void log(const ChangeRecord& change) override;
  std::vector<ChangeRecord> find(const ChangeFilter& filter) override;

  bool enqueue(const OutboxMessage& message) override;
  std::vector<bool> record(const std::vector<NotifiedItem>& items, Instant at) override;
  std::vector<RecordedItem> recorded_with_prefix(const std::string& prefix) override;

  // Ledger keys per statement (record_notified_items). PostgreSQL first
  // reads which keys are not recorded yet, kLedgerReadChunkPostgresql keys a
  // statement (each statement hashes the whole ledger, so few and large),
  // then inserts those, kLedgerChunkPostgresql a statement, as two text[]
  // values. SQLite inserts directly, three bound values a row (its limit is
  // 32,766 bound values a statement).
  static constexpr std::size_t kLedgerReadChunkPostgresql = 500'000;
  static constexpr std::size_t kLedgerChunkPostgresql = 10'000;
  static constexpr std::size_t kLedgerChunkSqlite = 500;
  std::vector<OutboxMessage> messages(std::optional<OutboxStatus> status) override;
  std::optional<OutboxMessage> find(Id id) override;
  std::map<OutboxStatus, long long> counts() override;
  OutboxBacklog backlog(Instant now) override;
  std::map<MonthStatus, long long> run_counts() override;
  void requeue(Id id, Instant at) override;
  std::vector<OutboxMessage> claim_due(Instant now, int limit, std::chrono::seconds lease) override;
  void mark_sent(Id id, Instant at) override;
  void mark_retry(Id id, Instant next, const std::string& error) override;
  void mark_dead(Id id, const std::string& error) override;

 private:
  // Runs one operation's statements, translating SOCI errors (soci_errors.h).
  template <typename Body>
  decltype(auto) guarded(std::string_view operation, Body&& body) {
    used_ = true;
    return translating(operation, session_, std::forward<Body>(body));
  }

  // The first statement of a transaction that reads many tables: on
  // PostgreSQL, asks for one snapshot for all of them.
  void one_snapshot_if_first(bool first_statement);
  // Services, teams, staff (with their responsible teams) and exemptions.
  void load_organisation_into(Authority& authority);
  // load_authority(), or with actions_due_by the reminder rules' share of it.
  Authority load_snapshot(std::string_view operation, std::optional<Date> actions_due_by);
  // The positions in `unique` (distinct keys) whose keys are not in the
  // ledger yet, in order.
  std::vector<std::size_t> unrecorded_postgresql(const std::vector<NotifiedItem>& items,
                                                 const std::vector<std::size_t>& unique);
  // One chunk of record_notified_items: the items at positions `part`, all
  // with distinct keys. Returns the keys recorded now.
  std::vector<std::string> record_chunk_postgresql(const std::vector<NotifiedItem>& items,
                                                   std::span<const std::size_t> part,
                                                   const std::string& at_text);
  std::vector<std::string> record_chunk_sqlite(const std::vector<NotifiedItem>& items,
                                               std::span<const std::size_t> part,
                                               const std::string& at_text);

  std::vector<Id> responsible_teams_of(Id staff_id);
  void replace_responsible_teams(const Staff& staff, Id staff_id);
  void replace_domain_grades(const Audit& audit, Id audit_id);
  // The slots a live `audit` takes (see the audits table); nullopt when withdrawn.
  struct Slots {
    std::optional<int> child;
    std::optional<int> auditor;
  };
  Slots slots_for(const Audit& audit, Id audit_id);

  // Statements an import repeats thousands of times, prepared once per
  // transaction (on first use) with their bound values beside them.
  struct ChildStatements;
  struct AuditStatements;
  ChildStatements& child_statements();
  AuditStatements& audit_statements();

  soci::session& session_;
  StatementCache& statements_;
  const Dialect& dialect_;
  const Clock& clock_;
  bool one_snapshot_ = false;  // begun as one snapshot (a read on PostgreSQL)
  bool used_ = false;          // a statement has run in this transaction
  std::unique_ptr<ChildStatements> child_statements_;
  std::unique_ptr<AuditStatements> audit_statements_;
};

}  // namespace caseaudit::db
