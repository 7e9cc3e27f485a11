#include "attach/iscsi_sessions.h"

#include <libopeniscsiusr.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <memory>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace pvfsf::attach {

namespace {

struct ContextFree {
  void operator()(iscsi_context* ctx) const { iscsi_context_free(ctx); }
};
using IscsiContextPtr = std::unique_ptr<iscsi_context, ContextFree>;

// iscsi_sessions_get() hands out an array that is freed as a whole.
class SessionArray {
 public:
  ~SessionArray() {
    if (sessions_) iscsi_sessions_free(sessions_, count_);
  }
  iscsi_session*** out_sessions() { return &sessions_; }
  uint32_t* out_count() { return &count_; }
  iscsi_session* operator[](uint32_t i) const { return sessions_[i]; }
  uint32_t size() const { return sessions_ ? count_ : 0; }

 private:
  iscsi_session** sessions_ = nullptr;
  uint32_t count_ = 0;
};

std::string text(const char* value) { return value ? value : ""; }

// libopeniscsiusr's default logger writes to stderr; instead its last
// warning or error is kept (in the context's userdata) for the exception.
void keep_last(iscsi_context* ctx, int priority, const char*, int, const char*,
               const char* format, va_list args) {
  auto* last = static_cast<std::string*>(iscsi_context_userdata_get(ctx));
  if (!last || priority > LIBISCSI_LOG_PRIORITY_WARNING) return;
  char buf[512];
  std::vsnprintf(buf, sizeof(buf), format, args);
  *last = buf;
  while (!last->empty() && last->back() == '\n') last->pop_back();
}

Endpoint portal_of(const char* address, int32_t port) {
  return endpoint_of(text(address),
                     port > 0 && port <= 65535 ? static_cast<uint16_t>(port) : 0);
}

}  // namespace

std::vector<IscsiSession> list_iscsi_sessions(const Sysfs& sysfs) {
  IscsiContextPtr ctx(iscsi_context_new());
  if (!ctx) throw std::runtime_error("libopeniscsiusr: iscsi_context_new failed");
  std::string last_message;
  iscsi_context_userdata_set(ctx.get(), &last_message);
  iscsi_context_log_func_set(ctx.get(), keep_last);

  SessionArray array;
  const int rc = iscsi_sessions_get(ctx.get(), array.out_sessions(), array.out_count());
  if (rc != LIBISCSI_OK)
    throw std::runtime_error(std::string("libopeniscsiusr: cannot list the iSCSI sessions: ") +
                             iscsi_strerror(rc) +
                             (last_message.empty() ? "" : " (" + last_message + ")"));
  std::vector<IscsiSession> sessions;
  for (uint32_t i = 0; i < array.size(); i++) {
    iscsi_session* se = array[i];
    IscsiSession session;
    session.sid = iscsi_session_sid_get(se);
    session.target = text(iscsi_session_target_name_get(se));
    session.persistent_portal = portal_of(iscsi_session_persistent_address_get(se),
                                          iscsi_session_persistent_port_get(se));
    session.address = portal_of(iscsi_session_address_get(se), iscsi_session_port_get(se));
    session.tpgt = iscsi_session_tpgt_get(se);
    if (iscsi_iface* iface = iscsi_session_iface_get(se))
      session.iface = text(iscsi_iface_name_get(iface));
    session.state = iscsi_session_state(sysfs, session.sid).value_or("");
    sessions.push_back(std::move(session));
  }
  std::sort(sessions.begin(), sessions.end(),
            [](const IscsiSession& a, const IscsiSession& b) { return a.sid < b.sid; });
  return sessions;
}

std::optional<IscsiSession> find_iscsi_session(const std::vector<IscsiSession>& sessions,
                                               const std::string& target,
                                               const Endpoint& portal) {
  std::optional<IscsiSession> best;
  for (const IscsiSession& session : sessions) {
    if (session.target != target || session.persistent_portal != portal) continue;
    if (!best || session.sid < best->sid) best = session;
  }
  return best;
}

void to_json(nlohmann::json& out, const IscsiSession& session) {
  out = {{"sid", session.sid},
         {"target", session.target},
         {"portal", session.persistent_portal.text()},
         {"address", session.address.text()},
         {"tpgt", session.tpgt},
         {"iface", session.iface},
         {"state", session.state}};
}

}  // namespace pvfsf::attach
