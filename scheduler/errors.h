// Exceptions used across caseaudit, split as userver splits them:
//
//  * ProgramError: a bug in caseaudit (a violated precondition or invariant).
//    Never the user's fault, never retried; it reaches the top-level handler,
//    which logs it and answers 500 / exits non-zero.
//  * InputError and its subclasses: the caller asked for something wrong
//    (bad value, unknown id, conflict with existing data, broken domain rule).
//    The message is written for that caller and names the field when there is
//    one. Nothing was changed.
//  * RuntimeFailure: the outside world failed (database away, SMTP down, disk
//    full). Possibly transient; the caller may retry.
#pragma once

#include <stdexcept>
#include <string>

namespace caseaudit {

class ProgramError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& message, std::string field = {})
      : std::runtime_error(message), field_(std::move(field)) {}
  // The offending field or setting ("staff.email", "database.url"); may be empty.
  const std::string& field() const noexcept { return field_; }

 private:
  std::string field_;
};

// A referenced record does not exist.
class NotFound : public InputError {
 public:
  using InputError::InputError;
};

// The request clashes with data already there (duplicate key, already committed).
class Conflict : public InputError {
 public:
  using InputError::InputError;
};

// Well-formed, but it breaks a domain rule (the message states the rule).
class RuleViolation : public InputError {
 public:
  using InputError::InputError;
};

class RuntimeFailure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The database could not be reached or dropped the connection, even after the
// reconnect-and-retry the stores perform themselves.
class DatabaseUnavailable : public RuntimeFailure {
 public:
  using RuntimeFailure::RuntimeFailure;
};

}  // namespace caseaudit
