// daemon/service/action_links.h called directly, on SQLite and PostgreSQL:
// a link is issued for one person, record and purpose; opening it reads
// only; using it runs the API's own operation once, as that person, in the
// same transaction; used, expired, revoked, reassigned and unknown links are
// refused without writing anything; the reminder emails carry the links.
#include <gtest/gtest.h>

#include <regex>

#include "daemon/service/action_links.h"
#include "daemon/service/action_updates.h"
#include "daemon/service/concerns.h"
#include "daemon/service/impact.h"
#include "daemon/service/sign_in.h"
#include "daemon/service/token_secret.h"
#include "scheduler/calendar.h"
#include "tests/daemon/service/cycle_service_fixture.h"
#include "tests/daemon/service/return_answers.h"

namespace caseaudit::daemon::testing {
namespace {

class ActionLinksServiceTest : public CycleServiceTest {
 protected:
  void SetUp() override {
    CycleServiceTest::SetUp();
    if (HasFatalFailure()) return;
    const std::vector<Audit> january = commit_january();
    ASSERT_GE(january.size(), 2u);
    for (const Audit& audit : january) {
      if (audit.moderator_id && !audit_.id) {
        audit_ = audit;
      } else if (!other_.id && audit_.id && audit.auditor_id != audit_.auditor_id) {
        other_ = audit;
      }
    }
    ASSERT_NE(audit_.id, 0);
    ASSERT_NE(other_.id, 0);
  }

  const date::time_zone* zone() const { return services_->zone; }

  IssuedLink issue(Id staff_id, LinkPurpose purpose, Id record_id) {
    return in_tx([&](Transaction& tx) {
      return issue_action_link(tx, zone(), policy_, staff_id, purpose, record_id, kCallerAt);
    });
  }

  Staff staff(Id id) {
    return in_tx([id](Transaction& tx) { return *tx.organisation().find_staff(id); });
  }

  static Submission good_submission() {
    return answered({.overall = Grade::kGood,
                     .domains = {{"Quality of plans", Grade::kGood},
                                 {"Quality of assessment", Grade::kRequiresImprovement}}});
  }

  SelfServicePolicy policy_{.grace_days = 14,
                            .domains = {"Quality of plans", "Quality of assessment"}};
  Audit audit_;  // has a moderator
  Audit other_;  // another auditor's
};

TEST_P(ActionLinksServiceTest, OnlyTheHashIsStoredAndTheLinkExpiresAfterTheDueDateAndGrace) {
  const IssuedLink issued = issue(audit_.auditor_id, LinkPurpose::kRecordAudit, audit_.id);
  EXPECT_EQ(issued.token.rfind("act_", 0), 0u);
  EXPECT_EQ(issued.token.size(), 4u + 43u);  // 256 bits in base64url
  EXPECT_EQ(issued.link.secret_hash, hash_token_secret(issued.token));
  const ActionLink stored =
      *in_tx([&](Transaction& tx) { return tx.action_links().find_action_link(issued.link.id); });
  EXPECT_EQ(stored, issued.link);
  EXPECT_NE(stored.secret_hash, issued.token);
  const Date last = Date{std::chrono::sys_days(audit_.due_date) + std::chrono::days(14)};
  EXPECT_EQ(stored.expires_at,
            at_local(Date{std::chrono::sys_days(last) + std::chrono::days(1)}, 0, 0, zone()));
  EXPECT_EQ(
      open_action_link(services(), issued.token, stored.expires_at - std::chrono::seconds(1)).state,
      LinkState::kOpen);
  EXPECT_EQ(open_action_link(services(), issued.token, stored.expires_at).state,
            LinkState::kExpired);
}

TEST_P(ActionLinksServiceTest, OpeningReadsOnlyAndShowsThePersonAndTheirCase) {
  const IssuedLink issued = issue(audit_.auditor_id, LinkPurpose::kRecordAudit, audit_.id);
  const std::string before = fingerprint();
  const LinkView view = open_action_link(services(), issued.token, kCallerAt);
  open_action_link(services(), issued.token, kCallerAt);
  EXPECT_EQ(fingerprint(), before);
  EXPECT_EQ(view.state, LinkState::kOpen);
  EXPECT_EQ(view.person.id, audit_.auditor_id);
  ASSERT_TRUE(view.audit && view.child);
  EXPECT_EQ(view.audit->id, audit_.id);
  EXPECT_EQ(view.child->id, audit_.child_id);
  EXPECT_FALSE(view.team_name.empty());
  EXPECT_FALSE(view.link.used_at);
}

TEST_P(ActionLinksServiceTest, RecordingSubmitsOnceAsThePersonAndASecondPostSaysByWhomAndWhen) {
  const IssuedLink issued = issue(audit_.auditor_id, LinkPurpose::kRecordAudit, audit_.id);
  const LinkOutcome first =
      record_audit_by_link(services(), issued.token, good_submission(), kCallerAt);
  EXPECT_TRUE(first.recorded);
  const Audit submitted = audit(audit_.id);
  EXPECT_EQ(submitted.status, AuditStatus::kSubmitted);
  EXPECT_EQ(submitted.overall_grade, Grade::kGood);
  EXPECT_EQ(submitted.domain_grades, good_submission().domains);
  const std::vector<ChangeRecord> rows = changes_of("audit", std::to_string(audit_.id));
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows.front().action, "audit.submit");
  EXPECT_EQ(rows.front().actor, person_actor(staff(audit_.auditor_id)));
  EXPECT_EQ(rows.front().at, kCallerAt);

  const std::string before = fingerprint();
  const Instant later = kCallerAt + std::chrono::hours(1);
  const LinkOutcome second =
      record_audit_by_link(services(), issued.token, good_submission(), later);
  EXPECT_FALSE(second.recorded);
  EXPECT_EQ(second.view.state, LinkState::kUsed);
  ASSERT_TRUE(second.view.used_by);
  EXPECT_EQ(second.view.used_by->id, audit_.auditor_id);
  EXPECT_EQ(second.view.link.used_at, kCallerAt);
  EXPECT_EQ(fingerprint(), before);
}

TEST_P(ActionLinksServiceTest, ARefusedSubmissionWritesNothingAndLeavesTheLinkUsable) {
  const IssuedLink issued = issue(audit_.auditor_id, LinkPurpose::kRecordAudit, audit_.id);
  const std::string before = fingerprint();
  const Submission above_the_rule{.overall = Grade::kOutstanding,
                                  .domains = {{"Quality of plans", Grade::kInadequate}}};
  expect_refused<RuleViolation>(
      [&] { record_audit_by_link(services(), issued.token, above_the_rule, kCallerAt); },
      "overall_grade", "at most one grade above the lowest domain grade");
  EXPECT_EQ(fingerprint(), before);
  EXPECT_EQ(open_action_link(services(), issued.token, kCallerAt).state, LinkState::kOpen);
  EXPECT_TRUE(
      record_audit_by_link(services(), issued.token, good_submission(), kCallerAt).recorded);
}

TEST_P(ActionLinksServiceTest, UnknownRevokedAndAnotherPersonsLinksAreRefusedWithoutWriting) {
  const std::string before = fingerprint();
  EXPECT_EQ(open_action_link(services(), "act_not-a-link", kCallerAt).state, LinkState::kUnknown);
  EXPECT_FALSE(
      record_audit_by_link(services(), "act_not-a-link", good_submission(), kCallerAt).recorded);
  EXPECT_EQ(fingerprint(), before);

  // A link issued to someone who is not the audit's auditor does not let them record it.
  const IssuedLink wrong = issue(other_.auditor_id, LinkPurpose::kRecordAudit, audit_.id);
  EXPECT_EQ(open_action_link(services(), wrong.token, kCallerAt).state, LinkState::kNotYours);
  const LinkOutcome refused =
      record_audit_by_link(services(), wrong.token, good_submission(), kCallerAt);
  EXPECT_FALSE(refused.recorded);
  EXPECT_EQ(refused.view.state, LinkState::kNotYours);
  EXPECT_EQ(audit(audit_.id).status, AuditStatus::kAllocated);

  const IssuedLink issued = issue(audit_.auditor_id, LinkPurpose::kRecordAudit, audit_.id);
  EXPECT_TRUE(revoke_action_link(store(), caller(), issued.link.id));
  EXPECT_FALSE(revoke_action_link(store(), caller(), issued.link.id));
  EXPECT_EQ(changes_of("action_link", std::to_string(issued.link.id)).front().action,
            "action_link.revoke");
  const std::string revoked = fingerprint();
  const LinkOutcome outcome =
      record_audit_by_link(services(), issued.token, good_submission(), kCallerAt);
  EXPECT_FALSE(outcome.recorded);
  EXPECT_EQ(outcome.view.state, LinkState::kRevoked);
  EXPECT_EQ(fingerprint(), revoked);
  EXPECT_EQ(audit(audit_.id).status, AuditStatus::kAllocated);
}

TEST_P(ActionLinksServiceTest, RevokingARecordsLinksLeavesUsedOnesAndOtherRecordsAlone) {
  const IssuedLink first = issue(audit_.auditor_id, LinkPurpose::kRecordAudit, audit_.id);
  const IssuedLink second = issue(audit_.auditor_id, LinkPurpose::kRecordAudit, audit_.id);
  const IssuedLink elsewhere = issue(other_.auditor_id, LinkPurpose::kRecordAudit, other_.id);
  EXPECT_EQ(revoke_action_links(store(), caller(), LinkPurpose::kRecordAudit, audit_.id), 2);
  EXPECT_EQ(open_action_link(services(), first.token, kCallerAt).state, LinkState::kRevoked);
  EXPECT_EQ(open_action_link(services(), second.token, kCallerAt).state, LinkState::kRevoked);
  EXPECT_EQ(open_action_link(services(), elsewhere.token, kCallerAt).state, LinkState::kOpen);
  EXPECT_EQ(revoke_action_links(store(), caller(), LinkPurpose::kRecordAudit, audit_.id), 0);
}

TEST_P(ActionLinksServiceTest, TheModeratorsLinkWaitsForTheSubmissionThenModeratesAsThem) {
  const IssuedLink issued = issue(*audit_.moderator_id, LinkPurpose::kModerateAudit, audit_.id);
  EXPECT_EQ(open_action_link(services(), issued.token, kCallerAt).state, LinkState::kNotYet);
  const Moderation agree{.grade = Grade::kGood, .outcome = AuditOutcome::kCompletedToStandard};
  EXPECT_FALSE(moderate_audit_by_link(services(), issued.token, agree, kCallerAt).recorded);
  submit_audit(services(), caller(), audit_.id, good_submission());
  // The auditor's link cannot moderate: each link has one purpose.
  const IssuedLink auditors = issue(audit_.auditor_id, LinkPurpose::kRecordAudit, audit_.id);
  EXPECT_EQ(open_action_link(services(), auditors.token, kCallerAt).state, LinkState::kDone);
  EXPECT_FALSE(moderate_audit_by_link(services(), auditors.token, agree, kCallerAt).recorded);

  EXPECT_EQ(open_action_link(services(), issued.token, kCallerAt).state, LinkState::kOpen);
  const Moderation downgrade{.grade = Grade::kRequiresImprovement,
                             .outcome = AuditOutcome::kCompletedToStandard};
  EXPECT_TRUE(moderate_audit_by_link(services(), issued.token, downgrade, kCallerAt).recorded);
  const Audit moderated = audit(audit_.id);
  EXPECT_EQ(moderated.status, AuditStatus::kModerated);
  EXPECT_EQ(moderated.moderated_grade, Grade::kRequiresImprovement);
  EXPECT_EQ(moderated.outcome, AuditOutcome::kCompletedToStandard);
  const ChangeRecord row = changes_of("audit", std::to_string(audit_.id)).front();
  EXPECT_EQ(row.action, "audit.moderate");
  EXPECT_EQ(row.actor, person_actor(staff(*audit_.moderator_id)));
}

TEST_P(ActionLinksServiceTest, TheOwnersLinkCompletesTheActionAndKeepsTheDateRule) {
  const Action action = create_action(services(), caller(),
                                      NewAction{.audit_id = audit_.id,
                                                .description = "review the plan",
                                                .due_date = parse_date("2027-02-15")});
  const IssuedLink issued = issue(action.owner_id, LinkPurpose::kCompleteAction, action.id);
  expect_refused<RuleViolation>(
      [&] {
        complete_action_by_link(services(), issued.token, parse_date("2027-02-01"), kCallerAt);
      },
      "completed_on", "in the future");
  EXPECT_EQ(open_action_link(services(), issued.token, kCallerAt).state, LinkState::kOpen);
  EXPECT_TRUE(complete_action_by_link(services(), issued.token, std::nullopt, kCallerAt).recorded);
  const ChangeRecord row = changes_of("action", std::to_string(action.id)).front();
  EXPECT_EQ(row.action, "action.complete");
  EXPECT_EQ(row.actor, person_actor(staff(action.owner_id)));
  EXPECT_EQ(open_action_link(services(), issued.token, kCallerAt).state, LinkState::kUsed);
}

TEST_P(ActionLinksServiceTest, TheOwnersLinkPostsAnUpdateWithAProposedDateAsThem) {
  const Action action = create_action(services(), caller(),
                                      NewAction{.audit_id = audit_.id,
                                                .description = "review the plan",
                                                .due_date = parse_date("2027-02-15")});
  const IssuedLink issued = issue(action.owner_id, LinkPurpose::kCompleteAction, action.id);
  const std::string before = fingerprint();
  expect_refused<RuleViolation>(
      [&] {
        update_action_by_link(services(), issued.token, "waiting for the school",
                              parse_date("2027-01-04"), kCallerAt);
      },
      "proposed_due_date", "in the past");
  expect_refused<InputError>(
      [&] { update_action_by_link(services(), issued.token, "", std::nullopt, kCallerAt); }, "note",
      "say what has happened");
  EXPECT_EQ(fingerprint(), before);
  EXPECT_EQ(open_action_link(services(), issued.token, kCallerAt).state, LinkState::kOpen);
  EXPECT_TRUE(update_action_by_link(services(), issued.token, "the review meeting moved",
                                    parse_date("2027-03-01"), kCallerAt)
                  .recorded);
  const std::vector<ActionUpdate> pending = list_action_updates(services(), true);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].by_staff_id, action.owner_id);
  EXPECT_EQ(pending[0].proposed_due_date, parse_date("2027-03-01"));
  EXPECT_EQ(changes_of("action_update", std::to_string(pending[0].id)).front().actor,
            person_actor(staff(action.owner_id)));
  // The link stays open, and shows the update and the proposal waiting.
  const LinkView view = open_action_link(services(), issued.token, kCallerAt);
  EXPECT_EQ(view.state, LinkState::kOpen);
  ASSERT_EQ(view.action_updates.size(), 1u);
  EXPECT_EQ(view.action_updates[0].note, "the review meeting moved");

  // Another date while this one waits, or the same update sent twice: refused.
  const std::string after_one = fingerprint();
  expect_refused<Conflict>(
      [&] {
        update_action_by_link(services(), issued.token, "the school asked for later",
                              parse_date("2027-03-15"), kCallerAt);
      },
      "proposed_due_date", "waits for the QA team's decision");
  expect_refused<Conflict>(
      [&] {
        update_action_by_link(services(), issued.token, "the review meeting moved",
                              parse_date("2027-03-01"), kCallerAt);
      },
      "proposed_due_date", "waits for the QA team's decision");
  EXPECT_EQ(fingerprint(), after_one);

  // A note of news is welcome (once), and so is the action done from the
  // same link.
  EXPECT_TRUE(update_action_by_link(services(), issued.token, "the school has agreed a date",
                                    std::nullopt, kCallerAt)
                  .recorded);
  const std::string after_two = fingerprint();
  expect_refused<Conflict>(
      [&] {
        update_action_by_link(services(), issued.token, "the school has agreed a date",
                              std::nullopt, kCallerAt);
      },
      "note", "posted already");
  EXPECT_EQ(fingerprint(), after_two);
  EXPECT_TRUE(complete_action_by_link(services(), issued.token, std::nullopt, kCallerAt).recorded);
  EXPECT_EQ(open_action_link(services(), issued.token, kCallerAt).state, LinkState::kUsed);
}

TEST_P(ActionLinksServiceTest, TheImpactLinkAnswersOnceAsItsPersonAndKeepsTheAnswersRules) {
  submit_audit(services(), caller(), audit_.id, good_submission());
  moderate_audit(services(), caller(), audit_.id,
                 {.grade = Grade::kGood, .outcome = AuditOutcome::kCompletedToStandard});
  const Id manager = in_tx([&](Transaction& tx) {
    const Child child = *tx.caseload().find_child(audit_.child_id);
    return tx.organisation().find_team(child.team_id)->team_manager_id.value_or(0);
  });
  ASSERT_NE(manager, 0);
  const IssuedLink auditors = issue(audit_.auditor_id, LinkPurpose::kAnswerImpact, audit_.id);
  const IssuedLink managers = issue(manager, LinkPurpose::kAnswerImpact, audit_.id);
  EXPECT_EQ(auditors.link.expires_at,
            at_local(Date{std::chrono::sys_days(parse_date("2027-01-11")) +
                          std::chrono::days(kImpactAnswerDays + 14 + 1)},
                     0, 0, zone()));
  const std::string before = fingerprint();
  expect_refused<RuleViolation>(
      [&] {
        answer_impact_by_link(services(), auditors.token, {.answer = ImpactAnswer::kYes},
                              kCallerAt);
      },
      "what_changed", "say what changed");
  EXPECT_EQ(fingerprint(), before);
  EXPECT_EQ(open_action_link(services(), auditors.token, kCallerAt).state, LinkState::kOpen);

  EXPECT_TRUE(answer_impact_by_link(
                  services(), auditors.token,
                  {.answer = ImpactAnswer::kPartly, .what_changed = "A referral was made"},
                  kCallerAt)
                  .recorded);
  const std::vector<ImpactResponse> stored =
      in_tx([&](Transaction& tx) { return tx.follow_up().impact_responses_for_audit(audit_.id); });
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].staff_id, audit_.auditor_id);
  EXPECT_EQ(stored[0].answer, ImpactAnswer::kPartly);
  const ChangeRecord row = changes_of("audit", std::to_string(audit_.id)).front();
  EXPECT_EQ(row.action, "audit.impact_response");
  EXPECT_EQ(row.actor, person_actor(staff(audit_.auditor_id)));
  EXPECT_EQ(open_action_link(services(), auditors.token, kCallerAt).state, LinkState::kUsed);
  // The team manager's own link is still theirs to use, until a coordinator
  // keys their answer in another way.
  EXPECT_EQ(open_action_link(services(), managers.token, kCallerAt).state, LinkState::kOpen);
  record_impact_response(services(), caller(),
                         {.audit_id = audit_.id, .staff_id = manager, .answer = ImpactAnswer::kNo});
  EXPECT_EQ(open_action_link(services(), managers.token, kCallerAt).state, LinkState::kDone);
  EXPECT_FALSE(
      answer_impact_by_link(services(), managers.token, {.answer = ImpactAnswer::kNo}, kCallerAt)
          .recorded);
}

TEST_P(ActionLinksServiceTest, TheHeadOfServicesLinkRecordsTheUpdateOrResolvesTheConcern) {
  submit_audit(services(), caller(), audit_.id, good_submission());
  const Id concern =
      raise_concern(services(), caller(), {.audit_id = audit_.id, .category = 2}).view.concern.id;
  const Service service = in_tx([&](Transaction& tx) {
    const Child child = *tx.caseload().find_child(audit_.child_id);
    return *tx.organisation().find_service(tx.organisation().find_team(child.team_id)->service_id);
  });
  ASSERT_TRUE(service.head_of_service_id && service.director_id);
  const Id head = *service.head_of_service_id;
  const auto hook =
      email_action_links(zone(), policy_, [] { return std::string("https://audit.example"); });
  auto link_for = [&](Id recipient) {
    return in_tx([&](Transaction& tx) {
      notifier::TemplateValues values;
      hook(tx,
           DueItem{.rule = ReminderRule::kConcernRaised,
                   .subject_type = "concern",
                   .subject_id = concern,
                   .recipient_id = recipient},
           kCallerAt, values);
      const auto url = values.fields.find("act_url");
      return url == values.fields.end() ? std::string() : url->second.substr(26);
    });
  };
  EXPECT_EQ(link_for(*service.director_id), "");  // the director oversees; the head acts
  const std::string update = link_for(head);
  const LinkView view = open_action_link(services(), update, kCallerAt);
  ASSERT_EQ(view.state, LinkState::kOpen);
  EXPECT_EQ(view.link.purpose, LinkPurpose::kUpdateConcern);
  ASSERT_TRUE(view.concern && view.child);
  EXPECT_EQ(view.concern->id, concern);
  EXPECT_EQ(view.child->id, audit_.child_id);

  EXPECT_TRUE(
      update_concern_by_link(services(), update, "Strategy meeting held", kCallerAt).recorded);
  const std::vector<ConcernUpdate> updates =
      in_tx([&](Transaction& tx) { return tx.follow_up().concern_updates_for(concern); });
  ASSERT_EQ(updates.size(), 1u);
  EXPECT_EQ(updates[0].month, kJanuary);
  EXPECT_EQ(updates[0].recorded_by, head);
  EXPECT_EQ(changes_of("concern_update", std::to_string(updates[0].id)).front().actor,
            person_actor(staff(head)));

  const std::string resolve = link_for(head);
  const std::string before = fingerprint();
  expect_refused<RuleViolation>(
      [&] {
        resolve_concern_by_link(services(), resolve, {.reason = ConcernResolution::kOther},
                                kCallerAt);
      },
      "note", "say why");
  EXPECT_EQ(fingerprint(), before);
  EXPECT_TRUE(resolve_concern_by_link(services(), resolve,
                                      {.reason = ConcernResolution::kPlanInPlace}, kCallerAt)
                  .recorded);
  const Concern resolved =
      *in_tx([&](Transaction& tx) { return tx.follow_up().find_concern(concern); });
  EXPECT_EQ(resolved.status, ConcernStatus::kResolved);
  EXPECT_EQ(resolved.resolution, ConcernResolution::kPlanInPlace);
  EXPECT_EQ(changes_of("concern", std::to_string(concern)).front().actor,
            person_actor(staff(head)));
  // A link from an earlier email has nothing left to do.
  EXPECT_EQ(open_action_link(services(), link_for(head), kCallerAt).state, LinkState::kDone);
}

TEST_P(ActionLinksServiceTest, ReminderEmailsCarryALinkForTheRightPersonOnly) {
  const notifier::ActionLinkHook hook =
      email_action_links(zone(), policy_, [] { return std::string("https://audit.example/"); });
  auto values_for = [&](const DueItem& item) {
    return in_tx([&](Transaction& tx) {
      notifier::TemplateValues values;
      values.items = item.rows;
      hook(tx, item, kCallerAt, values);
      return values;
    });
  };
  const DueItem notice{.rule = ReminderRule::kAllocationNotice,
                       .subject_type = "audit",
                       .subject_id = audit_.id,
                       .recipient_id = audit_.auditor_id};
  const std::string url = values_for(notice).fields.at("act_url");
  const std::string prefix = "https://audit.example/act/";
  ASSERT_EQ(url.rfind(prefix, 0), 0u) << url;
  const LinkView view = open_action_link(services(), url.substr(prefix.size()), kCallerAt);
  EXPECT_EQ(view.state, LinkState::kOpen);
  EXPECT_EQ(view.link.purpose, LinkPurpose::kRecordAudit);
  EXPECT_EQ(view.person.id, audit_.auditor_id);

  DueItem to_someone_else = notice;
  to_someone_else.recipient_id = other_.auditor_id;
  EXPECT_FALSE(values_for(to_someone_else).fields.contains("act_url"));
  DueItem submitted_to_moderator{.rule = ReminderRule::kAuditSubmitted,
                                 .subject_type = "audit",
                                 .subject_id = audit_.id,
                                 .recipient_id = *audit_.moderator_id};
  const std::string moderate = values_for(submitted_to_moderator).fields.at("act_url");
  EXPECT_EQ(open_action_link(services(), moderate.substr(prefix.size()), kCallerAt).link.purpose,
            LinkPurpose::kModerateAudit);
  DueItem list{.rule = ReminderRule::kModerationList,
               .subject_type = "moderator",
               .subject_id = *audit_.moderator_id,
               .recipient_id = *audit_.moderator_id,
               .rows = {{{"audit_id", std::to_string(audit_.id)}}, {{"case_reference", "x"}}}};
  const notifier::TemplateValues rows = values_for(list);
  ASSERT_EQ(rows.items.size(), 2u);
  EXPECT_TRUE(rows.items[0].contains("act_url"));
  EXPECT_FALSE(rows.items[1].contains("act_url"));
  const DueItem impact{.rule = ReminderRule::kImpactFollowUp,
                       .subject_type = "audit",
                       .subject_id = audit_.id,
                       .recipient_id = audit_.auditor_id};
  const std::string answer = values_for(impact).fields.at("act_url");
  const LinkView answering = open_action_link(services(), answer.substr(prefix.size()), kCallerAt);
  EXPECT_EQ(answering.link.purpose, LinkPurpose::kAnswerImpact);
  EXPECT_EQ(answering.person.id, audit_.auditor_id);
}

// The token of the link after `label` in the email to `email` whose text
// names `marker`, among `messages`; empty when there is none.
std::string link_in(const std::vector<OutboxMessage>& messages, const std::string& email,
                    const std::string& marker, const std::string& label) {
  const std::regex link(label + R"(: https://audit\.example/act/(act_[A-Za-z0-9_-]{43}))");
  for (const OutboxMessage& message : messages) {
    const std::size_t at = message.text_body.find(marker);
    if (message.recipient_email != email || at == std::string::npos) continue;
    std::smatch match;
    const std::string after = message.text_body.substr(at);
    if (std::regex_search(after, match, link)) return match[1];
  }
  return {};
}

TEST_P(ActionLinksServiceTest, ASentBackAuditsEmailLinksToRecordItAgainAndTheModeratorHearsAgain) {
  const notifier::TemplateSet templates = notifier::TemplateSet::defaults();
  const SendWindow window(services().calendar, zone());
  notifier::DueRunner runner(store(), templates, window, services().calendar, zone(),
                             {.action_links = email_action_links(zone(), policy_, [] {
                                return std::string("https://audit.example");
                              })});
  runner.run(kCallerAt);  // Monday 11 January: the allocation notices
  const Staff auditor = staff(audit_.auditor_id);
  const Staff moderator = staff(*audit_.moderator_id);
  const std::string reference = in_tx(
      [&](Transaction& tx) { return tx.caseload().find_child(audit_.child_id)->case_reference; });
  submit_audit(services(), caller(), audit_.id, good_submission());
  moderate_audit(services(), caller(), audit_.id,
                 {.grade = Grade::kRequiresImprovement,
                  .outcome = AuditOutcome::kNotMeetingStandard,
                  .comment = "The child's voice is clear",
                  .sent_back_reason = "Grade the plan against its review"});

  // The next day the auditor is told why, with a link to record it again.
  const Instant tuesday = kCallerAt + std::chrono::days(1);
  const std::vector<OutboxMessage> told = runner.run(tuesday).enqueued;
  const auto to_auditor = std::find_if(told.begin(), told.end(), [&](const OutboxMessage& m) {
    return m.recipient_email == auditor.email;
  });
  ASSERT_NE(to_auditor, told.end());
  EXPECT_NE(to_auditor->text_body.find("Why it was sent back: Grade the plan against its review"),
            std::string::npos)
      << to_auditor->text_body;
  EXPECT_NE(to_auditor->text_body.find("Moderator's comment: The child's voice is clear"),
            std::string::npos);
  EXPECT_NE(to_auditor->text_body.find(reference), std::string::npos);
  const std::string again = link_in(told, auditor.email, "sent back", "Record the audit again");
  ASSERT_FALSE(again.empty()) << to_auditor->text_body;
  const LinkView view = open_action_link(services(), again, tuesday);
  EXPECT_EQ(view.state, LinkState::kOpen);
  EXPECT_EQ(view.link.purpose, LinkPurpose::kRecordAudit);
  EXPECT_EQ(view.person.id, auditor.id);
  EXPECT_TRUE(record_audit_by_link(services(), again, good_submission(), tuesday).recorded);
  EXPECT_EQ(audit(audit_.id).status, AuditStatus::kSubmitted);
  EXPECT_EQ(changes_of("audit", std::to_string(audit_.id)).front().actor, person_actor(auditor));

  // The day after, its moderator is told again that it is submitted, with a
  // link to moderate it; the others heard of it once already.
  const Instant wednesday = tuesday + std::chrono::days(1);
  const std::vector<OutboxMessage> next = runner.run(wednesday).enqueued;
  const std::string moderate = link_in(next, moderator.email, reference, "Moderate the audit");
  ASSERT_FALSE(moderate.empty());
  const auto to_moderator = std::find_if(next.begin(), next.end(), [&](const OutboxMessage& m) {
    return m.recipient_email == moderator.email;
  });
  EXPECT_NE(to_moderator->text_body.find("recorded again"), std::string::npos)
      << to_moderator->text_body;
  EXPECT_EQ(open_action_link(services(), moderate, wednesday).link.purpose,
            LinkPurpose::kModerateAudit);
  EXPECT_TRUE(moderate_audit_by_link(
                  services(), moderate,
                  {.grade = Grade::kGood, .outcome = AuditOutcome::kCompletedToStandard}, wednesday)
                  .recorded);
  EXPECT_EQ(audit(audit_.id).status, AuditStatus::kModerated);
  EXPECT_TRUE(runner.run(wednesday + std::chrono::days(1)).enqueued.size() > 0);  // moderated
  for (const OutboxMessage& message : runner.run(wednesday + std::chrono::days(2)).enqueued) {
    EXPECT_EQ(message.subject.find("Audit submitted"), std::string::npos) << message.subject;
  }
}

TEST_P(ActionLinksServiceTest, AModeratorTakenOffAnAuditIsToldAndTheNewOneGetsItsLink) {
  const notifier::TemplateSet templates = notifier::TemplateSet::defaults();
  const SendWindow window(services().calendar, zone());
  notifier::DueRunner runner(store(), templates, window, services().calendar, zone(),
                             {.action_links = email_action_links(zone(), policy_, [] {
                                return std::string("https://audit.example");
                              })});
  runner.run(kCallerAt);  // the allocation notices and the moderators' lists
  // A new auditor, paired with another moderator given room for one more
  // audit: the audit goes to them, and its moderator changes with it.
  const Id taker = add_auditor(other_team(child(audit_.child_id).team_id), "Cover Auditor");
  const Authority authority = in_tx([](Transaction& tx) { return tx.load_authority(); });
  std::optional<Month> period;  // the pairings in force: the latest begun (Roster)
  for (const Pairing& p : authority.pairings) {
    if (p.period <= kJanuary && (!period || *period < p.period)) period = p.period;
  }
  ASSERT_TRUE(period);
  for (const Staff& moderator : authority.staff) {
    if (moderator.moderator_capacity == 0 || moderator.id == audit_.moderator_id) continue;
    in_tx([&](Transaction& tx) {
      Staff roomier = moderator;
      roomier.moderator_capacity += 5;
      tx.organisation().update_staff(roomier);
      return tx.allocation().insert_pairing({.period = *period,
                                             .auditor_id = taker,
                                             .moderator_id = moderator.id,
                                             .reason = "cover"});
    });
    break;
  }
  reassign_audit(services(), caller(), audit_.id, taker, "the auditor is off sick");
  const Audit now = audit(audit_.id);
  ASSERT_TRUE(now.moderator_id);
  ASSERT_NE(*now.moderator_id, *audit_.moderator_id) << "the paired moderator had no capacity";
  const std::string reference = in_tx(
      [&](Transaction& tx) { return tx.caseload().find_child(audit_.child_id)->case_reference; });

  const Instant tuesday = kCallerAt + std::chrono::days(1);
  const std::vector<OutboxMessage> told = runner.run(tuesday).enqueued;
  const Staff old_moderator = staff(*audit_.moderator_id);
  const Staff new_moderator = staff(*now.moderator_id);
  const auto to_old = std::find_if(told.begin(), told.end(), [&](const OutboxMessage& m) {
    return m.recipient_email == old_moderator.email;
  });
  ASSERT_NE(to_old, told.end());
  EXPECT_EQ(to_old->subject,
            "You no longer moderate the audit of " + reference + " (January 2027)");
  EXPECT_NE(to_old->text_body.find("has been reassigned"), std::string::npos) << to_old->text_body;
  EXPECT_NE(to_old->text_body.find(new_moderator.name), std::string::npos);
  // The new moderator hears of it (a notice of its own once their list went,
  // or their first list), with a link to moderate it once submitted.
  const std::string link =
      link_in(told, new_moderator.email, reference, "Moderate it once submitted");
  ASSERT_FALSE(link.empty());
  const LinkView view = open_action_link(services(), link, tuesday);
  EXPECT_EQ(view.link.purpose, LinkPurpose::kModerateAudit);
  EXPECT_EQ(view.person.id, new_moderator.id);
  EXPECT_EQ(view.state, LinkState::kNotYet);
  // Told once: the next day's run says nothing more of it to either.
  for (const OutboxMessage& message : runner.run(tuesday + std::chrono::days(1)).enqueued) {
    if (message.recipient_email == old_moderator.email ||
        message.recipient_email == new_moderator.email) {
      EXPECT_EQ(message.text_body.find(reference), std::string::npos) << message.text_body;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, ActionLinksServiceTest,
                         ::testing::Values("sqlite_file", "postgresql"), backend_name);

}  // namespace
}  // namespace caseaudit::daemon::testing
