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
}

fn gone(socket: &Path, e: impl std::fmt::Display) -> ApiError {
    ApiError::Msg(Msg::ServerGone {
        socket: socket.display().to_string(),
        detail: e.to_string(),
    })
}

/// How long a client waits for the server's half of the handshake.
pub const HANDSHAKE_WAIT: Duration = Duration::from_secs(10);

/// Open a connection and shake hands. `Ok(None)`: nothing answers at that path (no server);
/// an error: something answered but the conversation failed (e.g. another protocol version).
fn open(socket: &Path) -> ApiResult<Option<(UnixStream, String)>> {
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
        ServerFrame::Welcome { user } => {
            s.set_read_timeout(None).map_err(|e| gone(socket, e))?;
            Ok(Some((s, user)))
        }
        _ => Err(gone(socket, "no welcome")),
    }
}

impl Remote {
    /// Connect to the server at `socket`; `Ok(None)` when no server answers there.
    pub fn connect(socket: &Path) -> ApiResult<Option<Remote>> {
        Ok(open(socket)?.map(|(stream, user)| Remote {
            socket: socket.to_path_buf(),
            stream: Mutex::new(proto::Conn::new(stream)),
            user,
        }))
    }

    /// The login name the server sees for this connection.
    pub fn user(&self) -> &str {
        &self.user
    }
}

impl Backend for Remote {
    fn call(&self, req: Request) -> ApiResult<Response> {
        let mut s = self.stream.lock().unwrap_or_else(|p| p.into_inner());
        let frame = ClientFrame::Call(req);
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
                Some((stream, _)) => *s = proto::Conn::new(stream),
                None => return Err(gone(&self.socket, "the server closed the connection")),
            }
            sent = s.send(&frame);
        }
        sent.map_err(|e| gone(&self.socket, e))?;
        loop {
            match s
                .recv::<ServerFrame>(proto::MAX_RESPONSE)
                .map_err(|e| gone(&self.socket, e))?
            {
                ServerFrame::Reply(r) => return r,
                // Notices go to subscription connections only; tolerate one here.
                ServerFrame::Notice(_) | ServerFrame::Welcome { .. } => continue,
            }
        }
    }

    fn subscribe(&self) -> Option<mpsc::Receiver<Notice>> {
        let (mut s, _) = open(&self.socket).ok().flatten()?;
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
}
