// A lifecycle as data, shared by every module whose records move through states (events,
// service orders, micro-wishes, window cases): each row of a module's table names a step,
// its actor, the states it starts from, the state it leads to, its names in both
// languages, its use case, its guards, whether it needs a comment and its own input
// fields. The module keeps its table in one file (`transitions.cpp`); this header gives
// the rules every table follows, so a step is checked the same way everywhere:
//
//   who may act (the module's actor check, first, so no state leaks to others),
//   then the version (409 stale_version), then the state (409 invalid_transition),
//   then the row's guards (409 conflict with the guard's refusal),
//   then the comment the row needs (422), then the body against the row's schema (422).
//
// Thread safety: everything here is a pure function of its arguments; tables are
// immutable after their first use.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/context.h"
#include "core/error.h"
#include "core/http/schema.h"
#include "core/json.h"

namespace wangge::flow {

// A condition on the record, besides its state, that a step needs: checked (in order)
// before the step runs, answering 409 conflict with the refusal when it fails, and checked
// before the step is offered.
template <class Model, class GuardContext>
struct Guard {
  bool (*holds)(const Model& m, const GuardContext& g);
  std::string_view refusal_en, refusal_zh;
};

// The comment a step needs, named for the 422 when it is missing ("the reason"); a row
// without one takes an optional comment.
struct NeedsComment {
  std::string_view en, zh;
  bool required() const { return !en.empty(); }
};

// One row of a lifecycle table. Step is the module's "step in progress" (what its use
// cases receive).
template <class Model, class Actor, class Step, class GuardContext>
struct Transition {
  using Guard = flow::Guard<Model, GuardContext>;
  std::string_view action;  // URL verb: POST /api/v1/<records>/{id}/{action}
  Actor actor;
  std::vector<std::string_view> from;  // states it may start from
  std::string_view to;                 // the state it leads to; "" keeps the state
  std::string_view name_zh, name_en;
  void (*run)(Step&);         // the use case
  std::vector<Guard> guards;  // besides the state
  NeedsComment comment;       // whether the step needs a comment
  // The step's own input fields, besides `version` and `comment`.
  std::vector<schema::Field> fields;
};

// A state and its names, for the web's labels and the docs.
struct StateName {
  std::string_view state, name_zh, name_en;
};

// What the record is called in messages: "the event" / "事件".
struct Noun {
  std::string_view en, zh;
};

template <class Row>
bool starts_from(const Row& t, std::string_view status) {
  return std::find(t.from.begin(), t.from.end(), status) != t.from.end();
}

// The first of t's guards that does not hold for m; nullptr when all hold.
template <class Row, class Model, class GuardContext>
const typename Row::Guard* failed_guard(const Row& t, const Model& m, const GuardContext& g) {
  for (const auto& guard : t.guards) {
    if (!guard.holds(m, g)) return &guard;
  }
  return nullptr;
}

// The rows whose state and guards allow them on m now, in table order (who asks is
// checked apart, by the module).
template <class Row, class Model, class GuardContext>
std::vector<const Row*> open_rows(const std::vector<Row>& table, const Model& m, std::string_view status,
                                  const GuardContext& g) {
  std::vector<const Row*> out;
  for (const auto& t : table) {
    if (starts_from(t, status) && !failed_guard(t, m, g)) out.push_back(&t);
  }
  return out;
}

// The row for (action, actor); nullptr when there is none.
template <class Row, class Actor>
const Row* find_row(const std::vector<Row>& table, std::string_view action, Actor actor) {
  auto it =
      std::find_if(table.begin(), table.end(), [&](const Row& x) { return x.action == action && x.actor == actor; });
  return it == table.end() ? nullptr : &*it;
}

// The JSON Schema of a step's body: version (or If-Match), comment, the row's fields.
schema::value step_input(const NeedsComment& comment, const std::vector<schema::Field>& fields,
                         std::string_view version_doc);

// The version a step's caller saw: If-Match ("3" or W/"3") or the body's "version";
// 400 for a malformed If-Match, 428 when neither is sent.
std::int64_t expected_version(const Context& ctx, const json::object& body);

// The throwing parts of admit(), out of line.
[[noreturn]] void throw_stale(const Noun& noun, std::int64_t version, std::int64_t asked);
// "Sign for is not possible while the order is Done" / "工单处于“已完成”状态，不能签收".
[[noreturn]] void throw_invalid(const Noun& noun, const std::vector<StateName>& states, std::string_view status,
                                std::string_view step_en, std::string_view step_zh);
[[noreturn]] void throw_guard(std::string_view en, std::string_view zh);
[[noreturn]] void throw_comment(const NeedsComment& c);
void check_body(const schema::value& input, const json::object& body);

// The checks after "who" (which the module makes first, so no state leaks to those who
// may not act): version, state, guards, comment, body, in that order. Throws the 409/422
// the header describes. `comment` is the body's comment, already read; `input` the row's
// body schema (step_input).
struct Admission {
  const Noun& noun;
  const std::vector<StateName>& states;
  std::string_view status;     // the record's state now
  std::int64_t version;        // the record's version now
  std::int64_t asked_version;  // the version the caller saw
};
template <class Row, class Model, class GuardContext>
void admit(const Row& t, const Admission& a, const Model& before, const GuardContext& g, const std::string& comment,
           const json::object& body, const schema::value& input) {
  if (a.version != a.asked_version) throw_stale(a.noun, a.version, a.asked_version);
  if (!starts_from(t, a.status)) throw_invalid(a.noun, a.states, a.status, t.name_en, t.name_zh);
  if (const auto* guard = failed_guard(t, before, g)) throw_guard(guard->refusal_en, guard->refusal_zh);
  if (t.comment.required() && comment.empty()) throw_comment(t.comment);
  check_body(input, body);
}

}  // namespace wangge::flow
