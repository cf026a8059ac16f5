#include "core/http/client.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

namespace wangge::http {

ClientResult post(const std::string& url, const std::string& body, const std::string& content_type,
                  const std::vector<std::pair<std::string, std::string>>& headers, std::chrono::milliseconds timeout) {
  namespace beast = boost::beast;
  namespace bh = boost::beast::http;
  namespace asio = boost::asio;
  ClientResult out;
  auto u = boost::urls::parse_uri(url);
  if (!u || u->scheme() != "http" || u->host().empty()) {
    out.error = "only http://host[:port]/path URLs are supported";
    return out;
  }
  std::string host(u->host()), port = u->has_port() ? std::string(u->port()) : "80";
  std::string target(u->encoded_target());
  asio::io_context ioc;
  // Async operations, so that the tcp_stream's deadline applies to each step.
  asio::co_spawn(
      ioc,
      [&]() -> asio::awaitable<void> {
        asio::ip::tcp::resolver resolver(ioc);
        beast::tcp_stream stream(ioc);
        auto [rec, results] = co_await resolver.async_resolve(host, port, asio::as_tuple(asio::use_awaitable));
        if (rec) {
          out.error = "resolve: " + rec.message();
          co_return;
        }
        stream.expires_after(timeout);
        auto [cec, ep] = co_await stream.async_connect(results, asio::as_tuple(asio::use_awaitable));
        if (cec) {
          out.error = "connect: " + cec.message();
          co_return;
        }
        bh::request<bh::string_body> req{bh::verb::post, target.empty() ? "/" : target, 11};
        req.set(bh::field::host, host);
        req.set(bh::field::user_agent, "wangge-webhook/1");
        req.set(bh::field::content_type, content_type);
        for (const auto& [k, v] : headers) req.set(k, v);
        req.body() = body;
        req.prepare_payload();
        stream.expires_after(timeout);
        auto [wec, wn] = co_await bh::async_write(stream, req, asio::as_tuple(asio::use_awaitable));
        if (wec) {
          out.error = "write: " + wec.message();
          co_return;
        }
        beast::flat_buffer buf;
        bh::response<bh::string_body> res;
        stream.expires_after(timeout);
        auto [rdec, rn] = co_await bh::async_read(stream, buf, res, asio::as_tuple(asio::use_awaitable));
        if (rdec) {
          out.error = "read: " + rdec.message();
          co_return;
        }
        out.status = static_cast<int>(res.result_int());
        out.body = res.body().substr(0, 1000);
        beast::error_code ignore;
        stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignore);
      },
      asio::detached);
  ioc.run();
  return out;
}

}  // namespace wangge::http
