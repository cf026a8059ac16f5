#include "core/http/message.h"

#include <cctype>

namespace wangge::http {

std::optional<std::string_view> Request::header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers) {
    if (k == lower_name) return std::string_view(v);
  }
  return std::nullopt;
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  auto it = query.find(std::string(name));
  if (it == query.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  auto h = header("cookie");
  if (!h) return std::nullopt;
  std::string_view rest = *h;
  while (!rest.empty()) {
    auto semi = rest.find(';');
    std::string_view part = rest.substr(0, semi);
    rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    auto eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) {
      return std::string(part.substr(eq + 1));
    }
  }
  return std::nullopt;
}

bool Request::prefers_zh() const {
  auto h = header("accept-language");
  if (!h || h->size() < 2) return true;  // zh-CN is the product's first language
  return std::tolower(static_cast<unsigned char>((*h)[0])) == 'z' &&
         std::tolower(static_cast<unsigned char>((*h)[1])) == 'h';
}

void EventStream::push(std::string_view event, std::string_view data) {
  std::lock_guard lock(mu_);
  if (closed_) return;
  if (pending_.size() > max_pending) {
    closed_ = true;  // a stalled client: drop it rather than grow without bound
    return;
  }
  pending_.append("event: ").append(event).append("\ndata: ").append(data).append("\n\n");
}

std::string EventStream::take() {
  std::lock_guard lock(mu_);
  return std::exchange(pending_, std::string());
}

void EventStream::close() {
  std::lock_guard lock(mu_);
  closed_ = true;
}

bool EventStream::closed() const {
  std::lock_guard lock(mu_);
  return closed_;
}

Response Response::json(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response Response::no_content() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

void Deferred::complete(Finish finish) {
  std::function<void(Finish)> waiter;
  {
    std::lock_guard lock(mu_);
    if (completed_) return;  // once only
    completed_ = true;
    if (!waiter_) {
      finish_ = std::move(finish);
      return;
    }
    waiter = std::move(waiter_);
  }
  waiter(std::move(finish));
}

void Deferred::on_complete(std::function<void(Finish)> waiter) {
  Finish ready;
  {
    std::lock_guard lock(mu_);
    if (!completed_) {
      waiter_ = std::move(waiter);
      return;
    }
    ready = std::move(finish_);
  }
  waiter(std::move(ready));
}

}  // namespace wangge::http
