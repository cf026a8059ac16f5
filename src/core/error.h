// The one error type of the server. Anything that must reach a client as a 4xx/5xx is
// thrown as wangge::Error and turned into RFC 9457 problem+json in exactly one place
// (App::failure in app/app.cpp; Open311 routes answer their own format, open311/format.cpp).
// The code is stable (clients may switch on it); the status and both human messages come
// from the catalogue below, so one table maps code -> HTTP.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace wangge {

struct ErrorSpec {
  std::string_view code;
  int status;
  std::string_view title_en;
  std::string_view title_zh;
};

// The catalogue: every stable error code, its HTTP status and its messages.
inline constexpr ErrorSpec kErrorCatalogue[] = {
    ErrorSpec{"internal", 500, "Internal server error", "服务器内部错误"},
    ErrorSpec{"unavailable", 503, "Service unavailable", "服务暂不可用"},
    ErrorSpec{"overloaded", 503, "The server is busy: retry shortly", "服务繁忙，请稍后重试"},
    ErrorSpec{"bad_request", 400, "Bad request", "请求有误"},
    ErrorSpec{"invalid_json", 400, "The body is not valid JSON", "请求体不是合法的 JSON"},
    ErrorSpec{"invalid_utf8", 400, "The request contains invalid UTF-8", "请求包含非法的 UTF-8 编码"},
    ErrorSpec{"invalid_query", 400, "Invalid query parameter", "查询参数无效"},
    ErrorSpec{"validation", 422, "Invalid field value", "字段取值无效"},
    ErrorSpec{"invalid_geometry", 422, "Invalid geometry", "几何图形无效"},
    ErrorSpec{"geometry_outside_parent", 422, "The geometry is not inside its parent's", "图形超出了上级区域的范围"},
    ErrorSpec{"weak_password", 422, "The password does not meet the policy", "密码不符合安全策略"},
    ErrorSpec{"unauthorized", 401, "Authentication required", "需要登录"},
    ErrorSpec{"invalid_credentials", 401, "Wrong username or password", "用户名或密码错误"},
    ErrorSpec{"account_locked", 423, "Account locked after repeated failed logins", "多次登录失败，账号已被临时锁定"},
    ErrorSpec{"account_disabled", 403, "Account disabled", "账号已停用"},
    ErrorSpec{"forbidden", 403, "Not allowed for your role or territory", "您的角色或管辖范围无权执行此操作"},
    ErrorSpec{"not_found", 404, "Not found", "未找到"},
    ErrorSpec{"route_not_found", 404, "No such API route", "接口不存在"},
    ErrorSpec{"not_located", 404, "The point is not inside any grid", "该位置不在任何网格内"},
    ErrorSpec{"method_not_allowed", 405, "Method not allowed", "不支持该请求方法"},
    ErrorSpec{"not_acceptable", 406, "Not acceptable", "无法提供所要求的格式"},
    ErrorSpec{"conflict", 409, "Conflicts with the current state", "与当前状态冲突"},
    ErrorSpec{"already_exists", 409, "Already exists", "已存在"},
    ErrorSpec{"region_in_use", 409, "The region still has children or records", "该区域下仍有下级或业务数据，不能删除"},
    ErrorSpec{"export_too_large", 422, "Too many rows for one worksheet", "数据行数超出单个工作表的上限"},
    ErrorSpec{"payload_too_large", 413, "Request body too large", "请求体过大"},
    ErrorSpec{"unsupported_media_type", 415, "Unsupported content type", "不支持的内容类型"},
    ErrorSpec{"header_too_large", 431, "Request headers too large", "请求头过大"},
    ErrorSpec{"too_many_requests", 429, "Too many requests", "请求过于频繁"},
    ErrorSpec{"idempotency_key_reused", 422, "The Idempotency-Key was used for another request",
              "该幂等键已用于另一个请求"},
    ErrorSpec{"stale_version", 409, "The record was changed by someone else; reload it",
              "记录已被他人修改，请刷新后重试"},
    ErrorSpec{"precondition_required", 428, "State the version you act on (If-Match or version)",
              "请提供所操作记录的版本号（If-Match 或 version）"},
    ErrorSpec{"invalid_transition", 409, "This action is not possible in the current state",
              "当前状态下不能执行该操作"},
    ErrorSpec{"unknown_category", 422, "Unknown or inactive category", "事件类别不存在或已停用"},
    ErrorSpec{"outside_grids", 422, "The location is not inside any grid", "该位置不在任何网格内"},
};

// Looks the code up in the catalogue; unknown codes map to "internal" (500). For codes that
// arrive as text at run time (the server's own rejections); thrown errors use ErrorCode.
const ErrorSpec& error_spec(std::string_view code);

// A code of the catalogue, made from a string literal while compiling: a code that is not
// in kErrorCatalogue does not build, so a misspelt code cannot become a 500 at run time.
class ErrorCode {
 public:
  consteval ErrorCode(const char* code) : spec_(&lookup(code)) {}  // implicit: Error("validation", ...)
  constexpr const ErrorSpec& spec() const { return *spec_; }

 private:
  static consteval const ErrorSpec& lookup(std::string_view code) {
    for (const auto& spec : kErrorCatalogue) {
      if (spec.code == code) return spec;
    }
    throw "not an error code of kErrorCatalogue (core/error.h)";  // reached: a compile error
  }
  friend class Error;
  constexpr explicit ErrorCode(const ErrorSpec& spec) : spec_(&spec) {}
  const ErrorSpec* spec_;
};

class Error : public std::runtime_error {
 public:
  // code: a code of the catalogue. field: the offending input field (JSON path), if any.
  // detail_en / detail_zh: what exactly was wrong, for a person.
  explicit Error(ErrorCode code, std::string field = {}, std::string detail_en = {}, std::string detail_zh = {});

  const std::string& code() const { return code_; }
  ErrorCode error_code() const { return ErrorCode(*spec_); }
  const std::string& field() const { return field_; }
  const std::string& detail_en() const { return detail_en_; }
  const std::string& detail_zh() const { return detail_zh_; }
  int status() const { return spec_->status; }

 private:
  const ErrorSpec* spec_;
  std::string code_;
  std::string field_;
  std::string detail_en_;
  std::string detail_zh_;
};

// Shorthands for the common cases.
[[noreturn]] void throw_validation(std::string field, std::string detail_en, std::string detail_zh);
[[noreturn]] void throw_not_found(std::string what_en, std::string what_zh);

}  // namespace wangge
