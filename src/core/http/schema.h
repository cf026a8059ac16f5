// JSON Schema (the 2020-12 subset OpenAPI 3.1 uses) for request and response bodies, built
// with a few functions so a route's metadata reads like its body:
//
//   using namespace wangge::schema;
//   .body = object({req("region_code", str(24)), req("name", str(100)), opt("note", text())}, closed),
//   .response = ref("Department"),
//
// The same value is published in /api/openapi.json (where the web's TypeScript types are
// generated from) and checked by validate(): Service::act checks each step's input with it,
// and a server started with Config::check_contracts (the integration tests) checks every
// body a handler accepted and every JSON body it answered 2xx against its route's schemas,
// so a schema that drifts from its handler fails a test.
//
// Thread safety: schemas are immutable values once built; Components is filled while the
// routes are registered (one thread) and only read afterwards.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wangge::schema {

using boost::json::value;

// Named schemas (#/components/schemas/Name), shared by routes and resolved by validate().
class Components {
 public:
  // Registers `s` under `name` (replacing an earlier one) and answers ref(name).
  value add(std::string name, value s);
  const value* find(std::string_view name) const;
  const std::map<std::string, value, std::less<>>& all() const { return by_name_; }

 private:
  std::map<std::string, value, std::less<>> by_name_;
};

// Scalars. Lengths count Unicode code points, as the handlers' readers do; 0 = no limit.
value str(std::size_t max_chars = 0, std::size_t min_chars = 0);
value text();  // a string of any length
value integer(std::optional<std::int64_t> min = {}, std::optional<std::int64_t> max = {});
value id();         // an integer id (>= 1)
value id_string();  // an id rendered as a decimal string
value number();
value boolean();
value date();       // YYYY-MM-DD
value date_time();  // RFC 3339
value enumeration(std::initializer_list<std::string_view> values);
value enumeration(std::span<const char* const> values);
value any();  // any JSON value

value array(value items, std::size_t max_items = 0);
value nullable(value s);           // s or null
value ref(std::string_view name);  // #/components/schemas/name
value describe(value s, std::string_view description);
// A value conforming to one of options (the first that fits).
value one_of(std::initializer_list<value> options);
// A value conforming to every one of parts (e.g. a shared schema plus more members).
value all_of(std::initializer_list<value> parts);

struct Field {
  std::string name;
  value schema;
  bool required = false;
};
inline Field req(std::string name, value s) {
  return {std::move(name), std::move(s), true};
}
inline Field opt(std::string name, value s) {
  return {std::move(name), std::move(s), false};
}

// Whether an object may carry members its schema does not name: request bodies the
// handler reads with json::allow_only are `closed`; responses stay `open` (clients ignore
// members they do not know, so adding one is not a breaking change).
enum Members : std::uint8_t { open, closed };
value object(std::initializer_list<Field> fields, Members members = open);
value object(const std::vector<Field>& fields, Members members = open);
// An object whose members are all of one schema ({"name": value, ...}).
value map_of(value values);
// {"items": [item...], "next_cursor": string | null}: a page (core/paging.h).
value page_of(value item);

// The problems of v against s: where (a path like "items[2].name"; "" for the root) and
// what is wrong, in English and Chinese; at most `max` of them; empty when v conforms.
struct Problem {
  std::string path;
  std::string message_en, message_zh;
};
std::vector<Problem> validate(const value& s, const value& v, const Components& components, std::size_t max = 8);
// Throws the first problem as a 422 validation error naming its field; nothing when v conforms.
void require(const value& s, const value& v, const Components& components);
// The same for a request body already parsed as an object, against an object schema (one
// built with object(), not a ref), without copying the body.
void require_object(const value& s, const boost::json::object& o, const Components& components);

}  // namespace wangge::schema
