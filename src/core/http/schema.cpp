#include "core/http/schema.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>

#include "core/error.h"
#include "core/json.h"

namespace wangge::schema {
namespace bj = boost::json;

namespace {

constexpr std::string_view kRefPrefix = "#/components/schemas/";

value typed(std::string_view type) {
  return bj::object{{"type", type}};
}

std::int64_t as_int(const value& v) {
  return v.is_int64() ? v.get_int64() : static_cast<std::int64_t>(v.get_uint64());
}

bool is_integer(const value& v) {
  if (v.is_int64() || v.is_uint64()) return true;
  if (!v.is_double()) return false;
  double d = v.get_double();
  return d == static_cast<double>(static_cast<std::int64_t>(d));
}

bool has_type(const value& v, std::string_view type) {
  if (type == "null") return v.is_null();
  if (type == "string") return v.is_string();
  if (type == "boolean") return v.is_bool();
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "number") return v.is_number();
  if (type == "integer") return is_integer(v);
  return false;
}

std::string describe_types(const value& t) {
  if (t.is_string()) return std::string(t.get_string());
  std::string out;
  for (const auto& x : t.as_array()) {
    if (!out.empty()) out += " or ";
    out += x.as_string();
  }
  return out;
}

struct Checker {
  const Components& components;
  std::size_t max;
  std::vector<Problem> problems;

  void fail(const std::string& path, std::string en, std::string zh) {
    if (problems.size() < max) problems.push_back({path, std::move(en), std::move(zh)});
  }
  static std::string member(const std::string& path, std::string_view name) {
    return path.empty() ? std::string(name) : path + "." + std::string(name);
  }

  bool conforms(const value& s, const value& v) {
    Checker inner{components, 1, {}};
    inner.check(s, v, "");
    return inner.problems.empty();
  }

  void check_object(const bj::object& s, const bj::object& o, const std::string& path) {
    const bj::object* props = nullptr;
    if (auto it = s.find("properties"); it != s.end()) props = &it->value().as_object();
    if (auto it = s.find("required"); it != s.end()) {
      for (const auto& name : it->value().as_array()) {
        if (!o.contains(name.as_string())) fail(member(path, name.as_string()), "is required", "为必填项");
      }
    }
    const value* extra = nullptr;
    if (auto it = s.find("additionalProperties"); it != s.end()) extra = &it->value();
    for (const auto& [k, v] : o) {
      if (props) {
        if (auto p = props->find(k); p != props->end()) {
          check(p->value(), v, member(path, k));
          continue;
        }
      }
      if (!extra) continue;
      if (extra->is_bool()) {
        if (!extra->get_bool()) fail(member(path, k), "is not a field of this request", "不是此请求的字段");
      } else {
        check(*extra, v, member(path, k));
      }
    }
  }

  void check_scalar(const bj::object& s, const value& v, const std::string& path) {
    if (auto it = s.find("enum"); it != s.end()) {
      bool found = false;
      for (const auto& e : it->value().as_array()) found = found || e == v;
      if (!found)
        fail(path, "must be one of " + json::to_text(it->value()), "应为以下取值之一：" + json::to_text(it->value()));
    }
    if (v.is_string()) {
      std::size_t n = json::utf8_length(v.get_string());
      if (auto it = s.find("maxLength"); it != s.end() && n > static_cast<std::size_t>(as_int(it->value())))
        fail(path, "is longer than " + json::to_text(it->value()) + " characters",
             "不能超过 " + json::to_text(it->value()) + " 个字符");
      if (auto it = s.find("minLength"); it != s.end() && n < static_cast<std::size_t>(as_int(it->value())))
        fail(path, "is shorter than " + json::to_text(it->value()) + " characters",
             "不能少于 " + json::to_text(it->value()) + " 个字符");
    }
    if (v.is_number()) {
      double d = v.to_number<double>();
      if (auto it = s.find("minimum"); it != s.end() && d < it->value().to_number<double>())
        fail(path, "is less than " + json::to_text(it->value()), "不能小于 " + json::to_text(it->value()));
      if (auto it = s.find("maximum"); it != s.end() && d > it->value().to_number<double>())
        fail(path, "is more than " + json::to_text(it->value()), "不能大于 " + json::to_text(it->value()));
    }
  }

  void check(const value& sv, const value& v, const std::string& path) {
    if (!sv.is_object()) return;  // {} or true: anything
    const bj::object& s = sv.get_object();
    if (auto it = s.find("$ref"); it != s.end()) {
      std::string_view name = it->value().as_string();
      name.remove_prefix(kRefPrefix.size());
      if (const value* target = components.find(name))
        check(*target, v, path);
      else
        fail(path, "has an unknown schema " + std::string(name), "引用了未知的模式 " + std::string(name));
      return;
    }
    if (auto it = s.find("allOf"); it != s.end()) {
      for (const auto& part : it->value().as_array()) check(part, v, path);
    }
    if (auto it = s.find("oneOf"); it != s.end()) {
      const auto& options = it->value().as_array();
      for (const auto& o : options) {
        if (conforms(o, v)) return;
      }
      if (!options.empty()) check(options.front(), v, path);  // explain against the first
      return;
    }
    if (auto it = s.find("type"); it != s.end()) {
      const value& t = it->value();
      bool ok = t.is_string() ? has_type(v, t.get_string()) : false;
      if (t.is_array()) {
        for (const auto& x : t.get_array()) ok = ok || has_type(v, x.as_string());
      }
      if (!ok) {
        fail(path, "must be " + describe_types(t), "类型应为 " + describe_types(t));
        return;
      }
    }
    if (v.is_object()) {
      check_object(s, v.get_object(), path);
    } else if (v.is_array()) {
      const auto& a = v.get_array();
      if (auto it = s.find("maxItems"); it != s.end() && a.size() > static_cast<std::size_t>(as_int(it->value())))
        fail(path, "has more than " + json::to_text(it->value()) + " items",
             "不能超过 " + json::to_text(it->value()) + " 项");
      if (auto it = s.find("items"); it != s.end()) {
        for (std::size_t i = 0; i < a.size() && problems.size() < max; ++i)
          check(it->value(), a[i], path + "[" + std::to_string(i) + "]");
      }
    } else {
      check_scalar(s, v, path);
    }
  }
};

}  // namespace

value Components::add(std::string name, value s) {
  value r = schema::ref(name);
  by_name_[std::move(name)] = std::move(s);
  return r;
}

const value* Components::find(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &it->second;
}

value str(std::size_t max_chars, std::size_t min_chars) {
  bj::object o{{"type", "string"}};
  if (max_chars > 0) o["maxLength"] = max_chars;
  if (min_chars > 0) o["minLength"] = min_chars;
  return o;
}
value text() {
  return typed("string");
}
value integer(std::optional<std::int64_t> min, std::optional<std::int64_t> max) {
  bj::object o{{"type", "integer"}};
  if (min) o["minimum"] = *min;
  if (max) o["maximum"] = *max;
  return o;
}
value id() {
  return integer(1);
}
value id_string() {
  return bj::object{{"type", "string"}, {"pattern", "^[0-9]{1,18}$"}};
}
value number() {
  return typed("number");
}
value boolean() {
  return typed("boolean");
}
value date() {
  return bj::object{{"type", "string"}, {"format", "date"}};
}
value date_time() {
  return bj::object{{"type", "string"}, {"format", "date-time"}};
}
value enumeration(std::initializer_list<std::string_view> values) {
  bj::array e;
  for (auto v : values) e.emplace_back(v);
  return bj::object{{"type", "string"}, {"enum", std::move(e)}};
}
value enumeration(std::span<const char* const> values) {
  bj::array e;
  for (const char* v : values) e.emplace_back(v);
  return bj::object{{"type", "string"}, {"enum", std::move(e)}};
}
value any() {
  return bj::object{};
}

value array(value items, std::size_t max_items) {
  bj::object o{{"type", "array"}, {"items", std::move(items)}};
  if (max_items > 0) o["maxItems"] = max_items;
  return o;
}

value nullable(value s) {
  bj::object& o = s.as_object();
  auto t = o.find("type");
  if (t == o.end()) return bj::object{{"oneOf", bj::array{std::move(s), typed("null")}}};
  if (t->value().is_string()) {
    t->value() = bj::array{t->value(), "null"};
  } else if (t->value().is_array()) {
    bool has_null = false;
    for (const auto& x : t->value().as_array()) has_null = has_null || x == "null";
    if (!has_null) t->value().as_array().emplace_back("null");
  }
  if (auto e = o.find("enum"); e != o.end()) e->value().as_array().emplace_back(nullptr);
  return s;
}

value ref(std::string_view name) {
  return bj::object{{"$ref", std::string(kRefPrefix) + std::string(name)}};
}

value describe(value s, std::string_view description) {
  if (s.as_object().contains("$ref"))
    return bj::object{{"allOf", bj::array{std::move(s)}}, {"description", description}};
  s.as_object()["description"] = description;
  return s;
}

value one_of(std::initializer_list<value> options) {
  bj::array a;
  for (const auto& o : options) a.push_back(o);
  return bj::object{{"oneOf", std::move(a)}};
}

value all_of(std::initializer_list<value> parts) {
  bj::array a;
  for (const auto& p : parts) a.push_back(p);
  return bj::object{{"allOf", std::move(a)}};
}

value object(const std::vector<Field>& fields, Members members) {
  bj::object props;
  bj::array required;
  for (const auto& f : fields) {
    props[f.name] = f.schema;
    if (f.required) required.emplace_back(f.name);
  }
  bj::object o{{"type", "object"}, {"properties", std::move(props)}};
  if (!required.empty()) o["required"] = std::move(required);
  if (members == closed) o["additionalProperties"] = false;
  return o;
}
value object(std::initializer_list<Field> fields, Members members) {
  return object(std::vector<Field>(fields), members);
}

value map_of(value values) {
  return bj::object{{"type", "object"}, {"additionalProperties", std::move(values)}};
}

value page_of(value item) {
  return object({req("items", array(std::move(item))), req("next_cursor", nullable(str()))});
}

std::vector<Problem> validate(const value& s, const value& v, const Components& components, std::size_t max) {
  Checker c{components, max, {}};
  c.check(s, v, "");
  return std::move(c.problems);
}

namespace {

[[noreturn]] void raise(const Problem& p) {
  throw_validation(p.path, p.message_en, p.message_zh);
}

}  // namespace

void require(const value& s, const value& v, const Components& components) {
  auto problems = validate(s, v, components, 1);
  if (!problems.empty()) raise(problems.front());
}

void require_object(const value& s, const bj::object& o, const Components& components) {
  Checker c{components, 1, {}};
  c.check_object(s.as_object(), o, "");
  if (!c.problems.empty()) raise(c.problems.front());
}

}  // namespace wangge::schema
