#include "notifier/smtp_transport.h"

#include <curl/curl.h>

#include <cctype>
#include <optional>

#include "notifier/mime_message.h"
#include "scheduler/errors.h"

namespace caseaudit::notifier {
namespace {

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool is_loopback_host(std::string_view host) {
  return host == "localhost" || host == "::1" || host == "[::1]" || host.starts_with("127.");
}

std::string url_host(const std::string& url) {
  CURLU* handle = curl_url();
  std::string host;
  if (curl_url_set(handle, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK) {
    char* part = nullptr;
    if (curl_url_get(handle, CURLUPART_HOST, &part, 0) == CURLUE_OK) host = part;
    curl_free(part);
  }
  curl_url_cleanup(handle);
  return host;
}

std::string trim_line_end(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  auto last_break = text.rfind('\n');
  if (last_break != std::string_view::npos) text.remove_prefix(last_break + 1);
  return std::string(text);
}

// The code at the start of an SMTP reply line, or 0.
int reply_code(std::string_view line) {
  if (line.size() < 3) return 0;
  for (int i = 0; i < 3; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(line[i]))) return 0;
  }
  return (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
}

// RAII holders so every early return frees what curl was given.
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;
struct MimeDeleter {
  void operator()(curl_mime* mime) const { curl_mime_free(mime); }
};
using Mime = std::unique_ptr<curl_mime, MimeDeleter>;

void append(Slist& list, const std::string& line) {
  curl_slist* grown = curl_slist_append(list.get(), line.c_str());
  if (grown == nullptr) throw std::bad_alloc();
  list.release();
  list.reset(grown);
}

void add_text_part(curl_mime* mime, const std::string& body, const char* type) {
  curl_mimepart* part = curl_mime_addpart(mime);
  const std::string crlf = to_crlf(body);
  curl_mime_data(part, crlf.data(), crlf.size());
  curl_mime_type(part, type);
  curl_mime_encoder(part, "quoted-printable");
}

void validate_config(const SmtpConfig& config) {
  const bool smtp = config.url.starts_with("smtp://");
  if (!smtp && !config.url.starts_with("smtps://")) {
    throw InputError("the SMTP URL must start with smtp:// or smtps://", "smtp.url");
  }
  const std::string host = url_host(config.url);
  if (host.empty()) throw InputError("the SMTP URL has no host", "smtp.url");
  if (config.allow_plaintext && !is_loopback_host(host)) {
    throw InputError("plaintext SMTP is allowed only to a relay on loopback, not to " + host,
                     "smtp.allow_plaintext");
  }
}

// The options every connection to the relay has, for sending and probing.
void apply_connection_options(CURL* easy, const SmtpConfig& config, char* error_buffer) {
  curl_easy_setopt(easy, CURLOPT_URL, config.url.c_str());
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  apply_tls_options(easy, config);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(config.connect_timeout.count()));
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(config.total_timeout.count()));
  if (!config.username.empty()) {
    curl_easy_setopt(easy, CURLOPT_USERNAME, config.username.c_str());
    curl_easy_setopt(easy, CURLOPT_PASSWORD, config.password.c_str());
  }
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error_buffer);
}

// What a TLS failure means for an operator, or nullopt when `curl_code` is
// not one.
std::optional<std::string> tls_fault(int curl_code) {
  switch (curl_code) {
    case CURLE_USE_SSL_FAILED:
      return "the relay does not offer STARTTLS, and TLS is required";
    case CURLE_PEER_FAILED_VERIFICATION:
      return "the relay's TLS certificate does not verify (CA file or system store, host name)";
    case CURLE_SSL_CACERT_BADFILE:
      return "the CA file cannot be read as a PEM bundle";
    case CURLE_SSL_CONNECT_ERROR:
      return "the TLS handshake with the relay failed";
    default:
      return std::nullopt;
  }
}

}  // namespace

void apply_tls_options(void* handle, const SmtpConfig& config) {
  CURL* easy = static_cast<CURL*>(handle);
  curl_easy_setopt(easy, CURLOPT_USE_SSL,
                   config.allow_plaintext ? static_cast<long>(CURLUSESSL_NONE)
                                          : static_cast<long>(CURLUSESSL_ALL));
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!config.ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, config.ca_file.c_str());
}

// What one connection needs between calls; the reply and command are filled
// by the debug callback during a transfer.
struct SmtpTransport::Curl {
  CURL* easy = nullptr;
  std::string last_reply;
  std::string last_command;  // the verb only: AUTH lines carry credentials
  bool closing = false;      // after QUIT or RSET, replies say nothing of the message
  char error[CURL_ERROR_SIZE] = {};

  static int on_debug(CURL*, curl_infotype type, char* data, size_t size, void* self_ptr) {
    auto* self = static_cast<Curl*>(self_ptr);
    std::string_view text(data, size);
    if (type == CURLINFO_HEADER_IN && !self->closing) {
      std::string line = trim_line_end(text);
      if (!line.empty()) self->last_reply = std::move(line);
    } else if (type == CURLINFO_HEADER_OUT) {
      std::string verb(text.substr(0, text.find_first_of(" \r\n")));
      if (verb == "QUIT" || verb == "RSET") {
        self->closing = true;
      } else if (!self->closing) {
        self->last_command = std::move(verb);
      }
    }
    return 0;
  }
};

SmtpTransport::SmtpTransport(SmtpConfig config) : config_(std::move(config)) {
  global_init_once();
  validate_config(config_);
  curl_ = std::make_unique<Curl>();
  curl_->easy = curl_easy_init();
  if (curl_->easy == nullptr) throw RuntimeFailure("curl_easy_init failed");
}

SmtpTransport::~SmtpTransport() { curl_easy_cleanup(curl_->easy); }

DeliveryResult SmtpTransport::send(const Email& email) {
  if (auto problem = validate_email(email)) {
    return {DeliveryOutcome::kPermanent, 0, "not sent: " + *problem};
  }
  std::lock_guard lock(mutex_);
  CURL* easy = curl_->easy;
  // Reset options but keep the open connection for the next message.
  curl_easy_reset(easy);
  curl_->last_reply.clear();
  curl_->last_command.clear();
  curl_->closing = false;
  curl_->error[0] = '\0';

  Slist recipients;
  for (const Mailbox& to : email.to) append(recipients, "<" + to.address + ">");
  Slist headers;
  for (const std::string& line : message_headers(email)) append(headers, line);
  // Sets the type of libcurl's top-level multipart; it adds the boundary.
  append(headers, "Content-Type: multipart/alternative");

  Mime mime(curl_mime_init(easy));
  add_text_part(mime.get(), email.text_body, "text/plain; charset=UTF-8");
  if (!email.html_body.empty())
    add_text_part(mime.get(), email.html_body, "text/html; charset=UTF-8");

  const std::string from = "<" + email.from.address + ">";
  apply_connection_options(easy, config_, curl_->error);
  curl_easy_setopt(easy, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(easy, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(easy, CURLOPT_MIMEPOST, mime.get());
  // Verbose output goes to on_debug only; it keeps reply lines and command
  // verbs, never the arguments (AUTH carries the password).
  curl_easy_setopt(easy, CURLOPT_DEBUGFUNCTION, &Curl::on_debug);
  curl_easy_setopt(easy, CURLOPT_DEBUGDATA, curl_.get());
  curl_easy_setopt(easy, CURLOPT_VERBOSE, 1L);

  const CURLcode code = curl_easy_perform(easy);
  long smtp_code = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &smtp_code);
  // libcurl's code may come from the QUIT it sends after a failure; the reply
  // kept before QUIT is the one about the message.
  if (int kept = reply_code(curl_->last_reply); kept != 0) smtp_code = kept;
  // The lists and the MIME tree die at the end of this scope: drop curl's
  // pointers to them first.
  curl_easy_setopt(easy, CURLOPT_MIMEPOST, nullptr);
  curl_easy_setopt(easy, CURLOPT_MAIL_RCPT, nullptr);
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, nullptr);
  std::string curl_error = curl_->error[0] != '\0' ? curl_->error : curl_easy_strerror(code);
  return classify_smtp_result(code, static_cast<int>(smtp_code), curl_->last_command,
                              curl_->last_reply, curl_error);
}

DeliveryResult probe_smtp_relay(const SmtpConfig& config) {
  global_init_once();
  validate_config(config);
  SmtpTransport::Curl curl;
  curl.easy = curl_easy_init();
  if (curl.easy == nullptr) throw RuntimeFailure("curl_easy_init failed");
  apply_connection_options(curl.easy, config, curl.error);
  // Greeting, EHLO, STARTTLS and AUTH are libcurl's connect phase for SMTP:
  // CONNECT_ONLY stops there, before MAIL FROM.
  curl_easy_setopt(curl.easy, CURLOPT_CONNECT_ONLY, 1L);
  curl_easy_setopt(curl.easy, CURLOPT_DEBUGFUNCTION, &SmtpTransport::Curl::on_debug);
  curl_easy_setopt(curl.easy, CURLOPT_DEBUGDATA, &curl);
  curl_easy_setopt(curl.easy, CURLOPT_VERBOSE, 1L);
  const CURLcode code = curl_easy_perform(curl.easy);
  std::string curl_error = curl.error[0] != '\0' ? curl.error : curl_easy_strerror(code);
  DeliveryResult result = classify_smtp_result(code, reply_code(curl.last_reply), curl.last_command,
                                               curl.last_reply, curl_error);
  curl_easy_cleanup(curl.easy);
  if (result.sent()) {
    result.detail = "greeting, EHLO" + std::string(config.allow_plaintext ? "" : ", TLS") +
                    (config.username.empty() ? "" : ", AUTH") + " ok: " + result.detail;
  }
  return result;
}

DeliveryResult classify_smtp_result(int curl_code, int smtp_code, std::string_view last_command,
                                    const std::string& reply, const std::string& curl_error) {
  if (curl_code == CURLE_OK) return {DeliveryOutcome::kSent, smtp_code, reply};
  if (auto fault = tls_fault(curl_code)) {
    // The last reply (often EHLO's 250) says nothing about the failure.
    return {.outcome = DeliveryOutcome::kTransient,
            .smtp_code = 0,
            .detail = *fault + " (" + curl_error + ")",
            .configuration_fault = true};
  }
  std::string detail = reply.empty() ? curl_error : reply + " (" + curl_error + ")";
  const bool about_message =
      last_command == "MAIL" || last_command == "RCPT" || last_command == "DATA";
  if (smtp_code >= 500 && smtp_code <= 599 && about_message) {
    return {DeliveryOutcome::kPermanent, smtp_code, std::move(detail)};
  }
  return {DeliveryOutcome::kTransient, smtp_code, std::move(detail)};
}

}  // namespace caseaudit::notifier
