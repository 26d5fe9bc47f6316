// Plain HTTP request and response values: what the route handlers
// (server/handlers.h) take and give. Nothing of Drogon here: the adapter
// (server/http_server.cpp) converts both ways. Value types; a request's body
// and parsed form stay valid while the request (or any copy of it) lives.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "runtime/job.h"

namespace onnxocr::server {

enum class HttpMethod { kGet, kHead, kPost, kPut, kDelete, kPatch, kOptions, kOther };

// A multipart/form-data body: its file parts and its plain fields.
struct FormData {
  struct File {
    std::string name;          // the part's form name ("file")
    std::string_view content;  // owned by `owner`
  };
  std::vector<File> files;
  std::map<std::string, std::string> fields;
  std::shared_ptr<const void> owner;
};

struct HttpRequest {
  HttpMethod method = HttpMethod::kGet;
  std::string path;
  std::string media_type;  // Content-Type without parameters, lower case; empty when absent
  std::string_view body;
  std::shared_ptr<const void> body_owner;  // keeps `body` alive (the transport's request)
  // Parses a multipart/form-data body; called on a worker (bodies can be
  // tens of MiB). Empty when the transport gives none.
  std::function<Result<FormData>()> parse_form;
  // Cancelled once the client's connection has closed.
  CancelToken client_gone;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Takes a request's answer; the handlers call it exactly once per request,
// from an I/O thread or a worker.
using Responder = std::function<void(HttpResponse)>;

}  // namespace onnxocr::server
