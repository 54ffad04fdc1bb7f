#include "daemon/service/sign_in.h"

#include <fmt/format.h>

#include "daemon/service/change_log.h"
#include "daemon/service/record_json.h"
#include "daemon/service/sessions.h"
#include "daemon/service/token_secret.h"
#include "notifier/compose.h"
#include "scheduler/calendar.h"
#include "scheduler/month.h"
#include "scheduler/words.h"

namespace caseaudit::daemon {
namespace json = boost::json;

namespace {

std::string link_of(const SignInMail& mail, const std::string& token) {
  std::string base = mail.public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/sign-in/confirm?token=" + token;
}

// "09:15 on Monday 11 January 2027 (Europe/London)"
std::string local_time_text(Instant at, const date::time_zone* zone) {
  const LocalTime local = to_local(at, zone);
  return fmt::format("{:02}:{:02} on {} ({})", local.hour, local.minute, date_in_words(local.date),
                     zone->name());
}

OutboxMessage sign_in_message(const SignInMail& mail, const SignInPolicy& policy,
                              const Staff& person, const SignInLink& link, const std::string& token,
                              Instant at) {
  notifier::TemplateValues values;
  values.fields = {
      {"recipient_name", person.name},
      {"signature", mail.signature},
      {"link", link_of(mail, token)},
      {"minutes",
       std::to_string(
           std::chrono::duration_cast<std::chrono::minutes>(policy.link_lifetime).count())},
      {"expires_at", local_time_text(link.expires_at, mail.zone)}};
  return notifier::compose_message(mail.templates, notifier::NotificationKind::kSignInLink, values,
                                   notifier::Mailbox{.name = person.name, .address = person.email},
                                   person.id, "sign_in_link:" + std::to_string(link.id), at);
}

json::object session_json(const PersonSession& s) {
  return json::object{{"id", s.id},
                      {"staff_id", s.staff_id},
                      {"created_at", format_instant_utc(s.created_at)},
                      {"expires_at", format_instant_utc(s.expires_at)}};
}

}  // namespace

std::string person_actor(const Staff& person) { return "person:" + person.email; }

std::string safe_return_to(std::string_view text) {
  const bool relative = text.size() >= 1 && text[0] == '/' && (text.size() == 1 || text[1] != '/');
  if (!relative) return "/";
  for (char c : text) {
    if (c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return "/";
  }
  return std::string(text);
}

bool request_sign_in(Store& store, const SignInMail& mail, const SignInPolicy& policy,
                     std::string_view email, std::string_view return_to, const Caller& caller) {
  return store.transact_result<bool>([&](Transaction& tx) {
    const std::optional<Staff> person = find_staff_by_email_key(tx, email);
    if (!person || !person->active) return false;
    const std::string token = generate_sign_in_secret();
    SignInLink link{.secret_hash = hash_token_secret(token),
                    .staff_id = person->id,
                    .created_at = caller.at,
                    .expires_at = caller.at + policy.link_lifetime,
                    .return_to = safe_return_to(return_to)};
    link.id = tx.sign_in().insert_link(link);
    tx.outbox().enqueue(sign_in_message(mail, policy, *person, link, token, caller.at));
    log_change(tx, caller, "sign_in.request", "staff", std::to_string(person->id), nullptr,
               json::object{{"link_id", link.id},
                            {"expires_at", format_instant_utc(link.expires_at)},
                            {"return_to", link.return_to}});
    return true;
  });
}

std::string_view to_string(SignInRefusal refusal) {
  switch (refusal) {
    case SignInRefusal::kExpired:
      return "expired";
    case SignInRefusal::kUsed:
      return "used";
    case SignInRefusal::kUnknown:
      break;
  }
  return "unknown";
}

SignInOutcome confirm_sign_in(Store& store, const SignInPolicy& policy, std::string_view token,
                              Instant at) {
  return store.transact_result<SignInOutcome>([&](Transaction& tx) {
    SignInOutcome outcome;
    const std::optional<SignInLink> link = tx.sign_in().find_link(hash_token_secret(token));
    if (!link) return outcome;
    const std::optional<Staff> person = tx.organisation().find_staff(link->staff_id);
    if (!person || !person->active) return outcome;
    if (link->used_at) {
      outcome.refusal = SignInRefusal::kUsed;
      return outcome;
    }
    if (at >= link->expires_at) {
      outcome.refusal = SignInRefusal::kExpired;
      return outcome;
    }
    if (!tx.sign_in().mark_link_used(link->id, at)) {
      outcome.refusal = SignInRefusal::kUsed;
      return outcome;
    }
    SignedIn signed_in{.secret = generate_session_secret(),
                       .person = *person,
                       .access = tx.sign_in().console_access(person->id),
                       .return_to = link->return_to};
    signed_in.session = PersonSession{.secret_hash = hash_token_secret(signed_in.secret),
                                      .staff_id = person->id,
                                      .csrf_token = generate_csrf_token(),
                                      .created_at = at,
                                      .last_seen_at = at,
                                      .expires_at = at + policy.session_lifetime};
    signed_in.session.id = tx.sign_in().insert_session(signed_in.session);
    log_change(tx, Caller{.actor = person_actor(*person), .at = at}, "session.create", "session",
               std::to_string(signed_in.session.id), nullptr, session_json(signed_in.session));
    outcome.signed_in = std::move(signed_in);
    return outcome;
  });
}

}  // namespace caseaudit::daemon
