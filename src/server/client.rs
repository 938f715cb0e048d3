//! The client side of `dvk serve`: a `Backend` whose requests cross the Unix socket.
//!
//! The server may close a connection that sits idle when it needs room for others (see
//! [`super`]). A request connection found closed before a request is sent, or closed while
//! the request was being written (so the server never had the whole frame, and acts on
//! whole frames only), is opened again and the request sent once more: it is carried out
//! once. A connection lost after the request was written whole is an error: the request may
//! or may not have been carried out.

use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc;
use std::time::Duration;

use super::proto::{self, ClientFrame, ServerFrame};
use crate::api::{ApiError, ApiResult, Backend, Notice, PROTOCOL_VERSION, Request, Response};
use crate::domain::Msg;

pub struct Remote {
    socket: PathBuf,
    stream: Mutex<proto::Conn<UnixStream>>,
    user: String,
    /// The server's number for this connection, as it told in its welcome (a new one when
    /// the connection is opened again after the server closed it while idle).
    conn: std::sync::atomic::AtomicU64,
    /// The database the server owns, as it told in its welcome.
    db: PathBuf,
    /// Largest request body the server accepts ([`proto::MAX_REQUEST`]).
    max_request: u32,
}

fn gone(socket: &Path, e: impl std::fmt::Display) -> ApiError {
    ApiError::Msg(Msg::ServerGone {
        socket: crate::domain::text::shown_path(socket),
        detail: e.to_string(),
    })
}

/// The connection ended after the request went out and before its answer: for a change,
/// the message says it may or may not have been made (exit code 1, never 2).
fn lost(socket: &Path, e: impl std::fmt::Display, write: bool) -> ApiError {
    ApiError::Msg(Msg::ConnectionLost {
        socket: crate::domain::text::shown_path(socket),
        detail: e.to_string(),
        write,
    })
}

/// Bytes that a value takes once encoded in a frame body, counted without keeping them.
fn encoded_len<T: serde::Serialize>(v: &T) -> u64 {
    struct Count(u64);
    impl std::io::Write for Count {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0 += b.len() as u64;
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut c = Count(0);
    // Encoding into a counter fails only for values serde cannot encode at all; the send
    // reports that the same way.
    let _ = bincode::serde::encode_into_std_write(v, &mut c, bincode::config::standard());
    c.0
}

/// How long a client waits for the server's half of the handshake.
pub const HANDSHAKE_WAIT: Duration = Duration::from_secs(10);

/// Open a connection and shake hands. `Ok(None)`: nothing answers at that path (no server);
/// an error: something answered but the conversation failed (e.g. another protocol version).
/// The answer holds the user the server sees, the database it owns and the connection's
/// number.
fn open(socket: &Path) -> ApiResult<Option<(UnixStream, String, String, u64)>> {
    let mut s = match UnixStream::connect(socket) {
        Ok(s) => s,
        Err(_) => return Ok(None),
    };
    s.set_read_timeout(Some(HANDSHAKE_WAIT))
        .map_err(|e| gone(socket, e))?;
    proto::write_hello(&mut s).map_err(|e| gone(socket, e))?;
    let server = proto::read_hello(&mut s).map_err(|e| gone(socket, e))?;
    let mut ok = [0u8; 1];
    std::io::Read::read_exact(&mut s, &mut ok).map_err(|e| gone(socket, e))?;
    if server != PROTOCOL_VERSION || ok[0] != 1 {
        return Err(ApiError::Msg(Msg::ProtocolMismatch {
            client: PROTOCOL_VERSION,
            server,
        }));
    }
    match proto::read_frame::<ServerFrame>(&mut s, proto::MAX_RESPONSE)
        .map_err(|e| gone(socket, e))?
    {
        ServerFrame::Welcome { user, db, conn } => {
            s.set_read_timeout(None).map_err(|e| gone(socket, e))?;
            Ok(Some((s, user, db, conn)))
        }
        _ => Err(gone(socket, "no welcome")),
    }
}

impl Remote {
    /// Connect to the server at `socket`; `Ok(None)` when no server answers there.
    pub fn connect(socket: &Path) -> ApiResult<Option<Remote>> {
        Ok(open(socket)?.map(|(stream, user, db, conn)| Remote {
            socket: socket.to_path_buf(),
            stream: Mutex::new(proto::Conn::new(stream)),
            user,
            conn: conn.into(),
            db: PathBuf::from(db),
            max_request: proto::MAX_REQUEST,
        }))
    }

    /// The database the server owns (its canonical path).
    pub fn server_db(&self) -> &Path {
        &self.db
    }

    /// Send nothing larger than `bytes` (tests of a large import sent in parts).
    #[doc(hidden)]
    pub fn limit_requests(&mut self, bytes: u32) {
        self.max_request = bytes.min(self.max_request);
    }

    /// The login name the server sees for this connection.
    pub fn user(&self) -> &str {
        &self.user
    }
}

impl Backend for Remote {
    fn call(&self, req: Request) -> ApiResult<Response> {
        let write = req.is_write();
        let import = matches!(req, Request::Import { .. } | Request::ImportPart { .. });
        let frame = ClientFrame::Call(req);
        // The server closes a connection that sends more than it accepts; say so before
        // sending anything, while nothing has been written.
        let bytes = encoded_len(&frame);
        if bytes > u64::from(self.max_request) {
            return Err(ApiError::Msg(Msg::RequestTooLarge {
                bytes,
                max: u64::from(self.max_request),
                import,
            }));
        }
        let mut s = self.stream.lock().unwrap_or_else(|p| p.into_inner());
        // The server never sends on a request connection between requests: anything readable
        // there is its end. And a frame not written whole was never carried out (the server
        // acts on complete frames only), so it is sent again once on a new connection.
        let mut sent = if proto::peer_closed(s.get_ref()) {
            Err(std::io::ErrorKind::BrokenPipe.into())
        } else {
            s.send(&frame)
        };
        if sent.is_err() {
            match open(&self.socket)? {
                Some((stream, _, _, conn)) => {
                    *s = proto::Conn::new(stream);
                    self.conn.store(conn, std::sync::atomic::Ordering::SeqCst);
                }
                None => return Err(gone(&self.socket, "the server closed the connection")),
            }
            sent = s.send(&frame);
        }
        sent.map_err(|e| lost(&self.socket, e, false))?;
        drop(frame);
        loop {
            match s
                .recv::<ServerFrame>(proto::MAX_RESPONSE)
                .map_err(|e| lost(&self.socket, e, write))?
            {
                ServerFrame::Reply(r) => return r,
                // Notices go to subscription connections only; tolerate one here.
                ServerFrame::Notice(_) | ServerFrame::Welcome { .. } => continue,
            }
        }
    }

    fn subscribe(&self) -> Option<mpsc::Receiver<Notice>> {
        let (mut s, _, _, _) = open(&self.socket).ok().flatten()?;
        proto::write_frame(&mut s, &ClientFrame::Subscribe).ok()?;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            while let Ok(ServerFrame::Notice(n)) =
                proto::read_frame::<ServerFrame>(&mut s, proto::MAX_RESPONSE)
            {
                if tx.send(n).is_err() {
                    break;
                }
            }
        });
        Some(rx)
    }

    fn max_request(&self) -> Option<u64> {
        Some(u64::from(self.max_request))
    }

    /// The call connection's number (the subscription is another connection).
    fn connection(&self) -> Option<u64> {
        Some(self.conn.load(std::sync::atomic::Ordering::SeqCst))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Api, ImportBatch, UnitImport};
    use crate::domain::Unit;
    use crate::i18n::Lang;
    use std::io::Read;
    use std::os::unix::net::UnixListener;

    /// A server that shakes hands and then counts the bytes it receives until the client
    /// goes away.
    fn counting_server(socket: &Path) -> std::thread::JoinHandle<usize> {
        let listener = UnixListener::bind(socket).unwrap();
        std::thread::spawn(move || {
            let (mut c, _) = listener.accept().unwrap();
            proto::read_hello(&mut c).unwrap();
            proto::write_hello(&mut c).unwrap();
            std::io::Write::write_all(&mut c, &[1]).unwrap();
            proto::write_frame(
                &mut c,
                &ServerFrame::Welcome {
                    user: "u".into(),
                    db: "/db".into(),
                    conn: 1,
                },
            )
            .unwrap();
            let mut rest = Vec::new();
            c.read_to_end(&mut rest).unwrap();
            rest.len()
        })
    }

    #[test]
    fn an_import_over_the_frame_limit_is_refused_before_it_is_sent() {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("s.sock");
        let server = counting_server(&socket);
        let mut remote = Remote::connect(&socket).unwrap().unwrap();
        assert_eq!(remote.server_db(), Path::new("/db"));
        remote.max_request = 4096;
        let rows: Vec<UnitImport> = (0..200)
            .map(|i| UnitImport {
                line: i + 2,
                unit: Unit {
                    id: 0,
                    code: format!("CB{i}"),
                    name: "Chi bộ cơ quan".into(),
                    parent: None,
                    kind: crate::domain::UnitKind::PartyCell,
                    active: true,
                    rev: 0,
                },
                parent_code: None,
            })
            .collect();
        let e = Api(&remote)
            .import(ImportBatch::Units(rows), false)
            .unwrap_err();
        let ApiError::Msg(Msg::RequestTooLarge { bytes, max, import }) = &e else {
            panic!("{e:?}")
        };
        assert!(*bytes > 4096 && *max == 4096 && *import);
        assert_eq!(e.exit_code(), 2);
        assert!(
            e.text(Lang::En)
                .contains("split the file and import it in parts")
        );
        assert!(e.text(Lang::Vi).contains("hãy chia tệp thành nhiều phần"));
        drop(remote);
        assert_eq!(server.join().unwrap(), 0, "nothing was sent");
    }

    #[test]
    fn the_real_limit_is_the_servers() {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("s.sock");
        let _server = counting_server(&socket);
        let remote = Remote::connect(&socket).unwrap().unwrap();
        assert_eq!(remote.max_request, proto::MAX_REQUEST);
        // The size counted is the size of the frame's body as sent.
        let frame = ClientFrame::Call(Request::SaveDraft {
            text: "Dân vận khéo".repeat(1000),
        });
        let mut framed = Vec::new();
        proto::write_frame(&mut framed, &frame).unwrap();
        assert_eq!(encoded_len(&frame), framed.len() as u64 - 4);
    }
}
