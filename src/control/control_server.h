#pragma once
// The listening end of the control protocol (control/protocol.h), for `schedtool run`: an edge.
//
//   the socket   a Unix stream socket created mode 0600; every connection's peer credentials
//                (SO_PEERCRED) must be this user's uid or root's, anything else is refused and
//                logged. A stale socket left by a crash (nobody listening) is replaced; a live
//                one — another scheduler — is never taken over: that is an Error. A path that is
//                not a socket is never removed. On exit the socket is unlinked if it is still ours.
//   the clients  non-blocking, in an epoll set of the server's own, whose fd() the driver
//                watches. At most 64 at once; a line is at most 64 KiB (longer: error reply,
//                closed); a client that sends no complete request, or reads no reply, for 10 s
//                is closed. Nothing a client does can block the scheduler.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "control/protocol.h"
#include "time/instant.h"

namespace schedtool {

// The path is held by a live scheduler.
struct ControlSocketInUse : Error {
  using Error::Error;
};

class ControlServer {
 public:
  // Throws ControlSocketInUse when a live scheduler listens there; Error when the path is not a
  // socket, is too long, or cannot be created.
  explicit ControlServer(std::string path);
  ~ControlServer();
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  int fd() const { return epoll_fd_; }
  const std::string& path() const { return path_; }

  // Accepts, reads and writes whatever is ready; complete request lines go to `requests`, and
  // things the operator should know (refused peers) to `notices`.
  void poll(Instant now, std::vector<ControlLine>& requests, std::vector<std::string>& notices);
  // Sends the reply to a request that poll() returned (dropped if that client has gone).
  void reply(std::uint64_t client, const std::string& line, Instant now);
  // When the next idle client times out; expire() closes those whose time has come.
  std::optional<Instant> next_deadline() const;
  void expire(Instant now);

 private:
  struct Client {
    std::uint64_t id = 0;
    int fd = -1;
    std::uint32_t events = 0x001;  // EPOLLIN: what the epoll set waits for
    std::string in, out;
    Instant deadline{};
    std::size_t unanswered = 0;
    bool read_closed = false;  // the peer shut down its side: close once everything is answered
  };

  void bind_socket();
  void accept_clients(Instant now, std::vector<std::string>& notices);
  bool peer_allowed(int fd, std::vector<std::string>& notices);
  void read_client(Client& c, Instant now, std::vector<ControlLine>& requests);
  void take_lines(Client& c, std::vector<ControlLine>& requests);
  void flush(Client& c, Instant now);
  void update_interest(Client& c);
  void close_if_done(std::uint64_t id);
  void close_client(std::uint64_t id);

  std::string path_;
  int listen_fd_ = -1, epoll_fd_ = -1;
  unsigned long long inode_ = 0, device_ = 0;  // of the socket file we created
  std::map<std::uint64_t, Client> clients_;
  std::uint64_t next_id_ = 1;
};

}  // namespace schedtool
