// What the server-rendered HTML pages share (the sign-in pages, the emailed
// action pages): mustache rendering, the page layout with its security
// headers (page_headers.h), and the fields of a posted form.
#pragma once

#include <httplib.h>

#include <kainjow/mustache.hpp>
#include <string>
#include <string_view>

namespace caseaudit::daemon::web {

// Renders `text` with `data`; ProgramError when the template is invalid.
std::string render_page_template(std::string_view text, const kainjow::mustache::data& data);

// Answers `status` with the layout around `content` (already HTML) under
// <h1>{{title}}</h1>, and the page security headers.
void send_layout(httplib::Response& response, int status, const std::string& title,
                 const std::string& content);

// Only the fields of an application/x-www-form-urlencoded body: never the query.
httplib::Params form_fields(const httplib::Request& request);
// The field's value, or "" when absent.
std::string form_field(const httplib::Params& fields, const std::string& name);
// Whether the body was sent as application/x-www-form-urlencoded.
bool is_form(const httplib::Request& request);

}  // namespace caseaudit::daemon::web
