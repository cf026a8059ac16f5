#include "core/flow.h"

#include <cstdlib>

namespace wangge::flow {

schema::value step_input(const NeedsComment& comment, const std::vector<schema::Field>& fields,
                         std::string_view version_doc) {
  std::vector<schema::Field> all = {schema::opt("version", schema::describe(schema::id(), version_doc)),
                                    comment.required()
                                        ? schema::req("comment", schema::describe(schema::str(2000, 1), comment.en))
                                        : schema::opt("comment", schema::str(2000))};
  all.insert(all.end(), fields.begin(), fields.end());
  return schema::object(all);
}

std::int64_t expected_version(const Context& ctx, const json::object& body) {
  if (auto h = ctx.req().header("if-match")) {
    std::string v(*h);
    if (v.rfind("W/", 0) == 0) v = v.substr(2);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    char* end = nullptr;
    long long n = std::strtoll(v.c_str(), &end, 10);
    if (v.empty() || !end || *end != '\0' || n < 1)
      throw Error("bad_request", "If-Match", "If-Match must be the record's ETag, e.g. \"3\"",
                  "If-Match 应为记录的 ETag，如 \"3\"");
    return n;
  }
  if (auto v = json::opt_int(body, "version")) return *v;
  throw Error("precondition_required", "version", "send If-Match or \"version\"", "请发送 If-Match 或 version");
}

void throw_stale(const Noun& noun, std::int64_t version, std::int64_t asked) {
  throw Error("stale_version", "version",
              std::string(noun.en) + " is at version " + std::to_string(version) + ", not " + std::to_string(asked),
              std::string(noun.zh) + "当前版本为 " + std::to_string(version) + "，不是 " + std::to_string(asked));
}

void throw_invalid(const Noun& noun, const std::vector<StateName>& states, std::string_view status,
                   std::string_view step_en, std::string_view step_zh) {
  std::string_view zh = status;
  for (const auto& s : states) {
    if (s.state == status) zh = s.name_zh;
  }
  throw Error("invalid_transition", {},
              std::string(step_en) + " is not possible while " + std::string(noun.en) + " is " + std::string(status),
              std::string(noun.zh) + "处于“" + std::string(zh) + "”状态，不能" + std::string(step_zh));
}

void throw_guard(std::string_view en, std::string_view zh) {
  throw Error("conflict", {}, std::string(en), std::string(zh));
}

void throw_comment(const NeedsComment& c) {
  throw Error("validation", "comment", std::string(c.en) + " is required", "请填写" + std::string(c.zh));
}

void check_body(const schema::value& input, const json::object& body) {
  static const schema::Components kNoRefs;  // step inputs name no shared schemas
  schema::require_object(input, body, kNoRefs);
}

}  // namespace wangge::flow
