#include "core/json.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "core/error.h"

namespace wangge::json {

object parse_body(const http::Request& req) {
  if (auto ct = req.header("content-type")) {
    std::string_view t = *ct;
    if (t.find("json") == std::string_view::npos) {
      throw Error("unsupported_media_type", {}, "send application/json", "请使用 application/json 格式");
    }
  }
  if (req.body.empty()) throw Error("invalid_json", {}, "empty body", "请求体为空");
  boost::system::error_code ec;
  boost::json::parse_options opts;
  opts.max_depth = 32;
  value v = boost::json::parse(req.body, ec, {}, opts);
  if (ec) {
    if (!valid_utf8(req.body)) throw Error("invalid_utf8", {}, "body is not UTF-8", "请求体不是 UTF-8 编码");
    throw Error("invalid_json", {}, ec.message(), "JSON 语法错误");
  }
  if (!v.is_object()) throw Error("invalid_json", {}, "expected a JSON object", "应为 JSON 对象");
  // No text anywhere may hold U+0000: databases refuse it (PostgreSQL) or cut the text at
  // it (SQLite's full-text queries), so it would fail a later step rather than this one.
  std::vector<const value*> todo{&v};
  while (!todo.empty()) {
    const value* x = todo.back();
    todo.pop_back();
    if (x->is_string()) {
      if (x->as_string().find('\0') != boost::json::string::npos)
        throw Error("invalid_json", {}, "text may not contain the NUL character (U+0000)",
                    "文本不能包含空字符（U+0000）");
    } else if (x->is_array()) {
      for (const auto& y : x->as_array()) todo.push_back(&y);
    } else if (x->is_object()) {
      for (const auto& kv : x->as_object()) {
        if (kv.key().find('\0') != std::string_view::npos)
          throw Error("invalid_json", {}, "text may not contain the NUL character (U+0000)",
                      "文本不能包含空字符（U+0000）");
        todo.push_back(&kv.value());
      }
    }
  }
  return std::move(v.as_object());
}

void allow_only(const object& o, std::initializer_list<std::string_view> allowed) {
  for (const auto& kv : o) {
    bool ok = false;
    for (auto a : allowed) ok = ok || kv.key() == a;
    if (!ok) {
      throw_validation(std::string(kv.key()), "unknown field", "不支持的字段");
    }
  }
}

namespace {

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::string check_string(const value& v, std::string_view key, std::size_t max_chars, std::size_t min_chars) {
  if (!v.is_string()) throw_validation(std::string(key), "must be a string", "必须是字符串");
  std::string s = trim(v.as_string());
  std::size_t n = utf8_length(s);
  if (n < min_chars) {
    throw_validation(std::string(key),
                     min_chars == 1 ? "must not be empty" : "at least " + std::to_string(min_chars) + " characters",
                     min_chars == 1 ? "不能为空" : "至少 " + std::to_string(min_chars) + " 个字符");
  }
  if (n > max_chars) {
    throw_validation(std::string(key), "at most " + std::to_string(max_chars) + " characters",
                     "最多 " + std::to_string(max_chars) + " 个字符");
  }
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') {
      throw_validation(std::string(key), "contains control characters", "包含控制字符");
    }
  }
  return s;
}

std::int64_t check_int(const value& v, std::string_view key) {
  if (v.is_int64()) return v.as_int64();
  if (v.is_uint64() && v.as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(v.as_uint64());
  }
  if (v.is_double() && std::floor(v.as_double()) == v.as_double() && std::abs(v.as_double()) < 9e15) {
    return static_cast<std::int64_t>(v.as_double());
  }
  throw_validation(std::string(key), "must be an integer", "必须是整数");
}

}  // namespace

std::string get_string(const object& o, std::string_view key, std::size_t max_chars, std::size_t min_chars) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) {
    throw_validation(std::string(key), "is required", "必填");
  }
  return check_string(it->value(), key, max_chars, min_chars);
}

std::optional<std::string> opt_string(const object& o, std::string_view key, std::size_t max_chars,
                                      std::size_t min_chars) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::nullopt;
  return check_string(it->value(), key, max_chars, min_chars);
}

std::int64_t get_int(const object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) throw_validation(std::string(key), "is required", "必填");
  return check_int(it->value(), key);
}

std::optional<std::int64_t> opt_int(const object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::nullopt;
  return check_int(it->value(), key);
}

std::string one_of(const object& o, std::string_view key, std::span<const char* const> allowed,
                   std::optional<std::string> dflt) {
  std::string v = dflt && !o.contains(key) ? *dflt : get_string(o, key, 32);
  for (const char* a : allowed) {
    if (v == a) return v;
  }
  std::string list;
  for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  throw_validation(std::string(key), "one of " + list, "应为以下之一：" + list);
}

std::optional<bool> opt_bool(const object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::nullopt;
  if (!it->value().is_bool()) throw_validation(std::string(key), "must be true or false", "必须是布尔值");
  return it->value().as_bool();
}

std::optional<std::int64_t> query_int(const http::Request& req, std::string_view name, std::int64_t min,
                                      std::int64_t max) {
  auto s = req.query_param(name);
  if (!s) return std::nullopt;
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || p != s->data() + s->size() || v < min || v > max) {
    throw Error("invalid_query", std::string(name),
                "must be an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]",
                "必须是 " + std::to_string(min) + " 到 " + std::to_string(max) + " 之间的整数");
  }
  return v;
}

std::optional<std::int64_t> parse_id(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v < 1) return std::nullopt;
  return v;
}

std::int64_t path_id(const http::Request& req, const std::string& name) {
  const std::string& s = req.param(name);
  auto id = parse_id(s);
  if (!id) throw_not_found("no such id " + s, "编号 " + s + " 不存在");
  return *id;
}

std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= s.size()) {
    auto comma = s.find(',', pos);
    auto part = s.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    if (!part.empty()) out.emplace_back(part);
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return out;
}

std::optional<double> query_double(const http::Request& req, std::string_view name) {
  auto s = req.query_param(name);
  if (!s) return std::nullopt;
  double v = 0;
  auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || p != s->data() + s->size() || !std::isfinite(v)) {
    throw Error("invalid_query", std::string(name), "must be a number", "必须是数字");
  }
  return v;
}

}  // namespace wangge::json
