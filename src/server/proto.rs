//! The wire between `dvk serve` and its clients: a fixed handshake (magic and protocol
//! version, readable by any version), then length-prefixed bincode frames.
//!
//! ```text
//! client → server   "DVKP" u32-be version
//! server → client   "DVKP" u32-be version, u8 accepted (1) or refused (0)
//! then frames       u32-be length, bincode body (ClientFrame / ServerFrame)
//! ```

use std::io::{self, BufReader, Read, Write};

use serde::{Deserialize, Serialize};

use crate::api::{ApiError, Notice, PROTOCOL_VERSION, Request, Response};

pub const MAGIC: &[u8; 4] = b"DVKP";
/// Largest request a client may send (an import of a large file fits well within it).
pub const MAX_REQUEST: u32 = 256 << 20;
/// Largest answer (a whole dataset for export or backup).
pub const MAX_RESPONSE: u32 = 2 << 30;

#[allow(clippy::large_enum_variant)]
#[derive(Debug, Serialize, Deserialize)]
pub enum ClientFrame {
    Call(Request),
    /// From now on this connection only receives change notices.
    Subscribe,
}

#[derive(Debug, Serialize, Deserialize)]
pub enum ServerFrame {
    /// Sent once after the handshake: who the server believes the client is.
    Welcome {
        user: String,
        /// The database the server owns (its canonical path), so that a client given
        /// another database does not use this server for it.
        db: String,
        /// This connection's number; the notices of changes made through it carry it.
        conn: u64,
    },
    Reply(Result<Response, ApiError>),
    Notice(Notice),
}

fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}

/// Encode a frame (length, then body) into `buf`, replacing what it held.
fn encode_frame<T: Serialize>(buf: &mut Vec<u8>, v: &T) -> io::Result<()> {
    buf.clear();
    buf.extend_from_slice(&[0; 4]);
    bincode::serde::encode_into_std_write(v, buf, config()).map_err(io::Error::other)?;
    let len = u32::try_from(buf.len() - 4).map_err(|_| io::Error::other("frame too large"))?;
    buf[..4].copy_from_slice(&len.to_be_bytes());
    Ok(())
}

/// Read the body of one frame of at most `max` bytes into `buf`.
fn read_body(r: &mut impl Read, max: u32, buf: &mut Vec<u8>) -> io::Result<()> {
    let mut len = [0u8; 4];
    r.read_exact(&mut len)?;
    let len = u32::from_be_bytes(len);
    if len > max {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("frame of {len} bytes is over the limit of {max}"),
        ));
    }
    buf.clear();
    buf.resize(len as usize, 0);
    r.read_exact(buf)
}

/// Decode a frame's body, which must be used up exactly.
fn decode_body<T: for<'de> Deserialize<'de>>(body: &[u8]) -> io::Result<T> {
    let (v, used) = bincode::serde::decode_from_slice(body, config())
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?;
    if used != body.len() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "trailing bytes in frame",
        ));
    }
    Ok(v)
}

/// Buffers larger than this (a whole dataset) are not kept for the next frame.
const KEEP: usize = 1 << 20;

fn trim(buf: &mut Vec<u8>) {
    if buf.capacity() > KEEP {
        *buf = Vec::new();
    }
}

pub fn write_frame<T: Serialize>(w: &mut impl Write, v: &T) -> io::Result<()> {
    let mut buf = Vec::new();
    encode_frame(&mut buf, v)?;
    w.write_all(&buf)?;
    w.flush()
}

/// Read one frame of at most `max` bytes. A longer frame, or one whose body does not decode
/// exactly, is an error: the caller closes the connection.
pub fn read_frame<T: for<'de> Deserialize<'de>>(r: &mut impl Read, max: u32) -> io::Result<T> {
    let mut body = Vec::new();
    read_body(r, max, &mut body)?;
    decode_body(&body)
}

/// One end of a connection after the handshake, for a conversation of many frames: reads are
/// buffered (a small frame's length and body come in one read) and the buffers are kept from
/// frame to frame, so a frame costs one read, one write and no allocation of its size.
pub struct Conn<S: Read + Write> {
    rd: BufReader<S>,
    out: Vec<u8>,
    body: Vec<u8>,
}

impl<S: Read + Write> Conn<S> {
    pub fn new(s: S) -> Conn<S> {
        Conn {
            rd: BufReader::new(s),
            out: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Send one frame, in one write.
    pub fn send<T: Serialize>(&mut self, v: &T) -> io::Result<()> {
        let r = encode_frame(&mut self.out, v).and_then(|_| {
            let s = self.rd.get_mut();
            s.write_all(&self.out)?;
            s.flush()
        });
        trim(&mut self.out);
        r
    }

    /// Receive one frame, as [`read_frame`].
    pub fn recv<T: for<'de> Deserialize<'de>>(&mut self, max: u32) -> io::Result<T> {
        let r = read_body(&mut self.rd, max, &mut self.body).and_then(|_| decode_body(&self.body));
        trim(&mut self.body);
        r
    }
}

pub fn write_hello(w: &mut impl Write) -> io::Result<()> {
    let mut b = MAGIC.to_vec();
    b.extend_from_slice(&PROTOCOL_VERSION.to_be_bytes());
    w.write_all(&b)?;
    w.flush()
}

/// Read the peer's magic and version.
pub fn read_hello(r: &mut impl Read) -> io::Result<u32> {
    let mut b = [0u8; 8];
    r.read_exact(&mut b)?;
    if &b[..4] != MAGIC {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "not a dvk peer"));
    }
    Ok(u32::from_be_bytes([b[4], b[5], b[6], b[7]]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_limits_hold() {
        let mut buf = Vec::new();
        write_frame(&mut buf, &ClientFrame::Call(Request::Periods)).unwrap();
        let f: ClientFrame = read_frame(&mut buf.as_slice(), MAX_REQUEST).unwrap();
        assert!(matches!(f, ClientFrame::Call(Request::Periods)));
        // Over the limit: refused before reading the body.
        assert!(read_frame::<ClientFrame>(&mut buf.as_slice(), 1).is_err());
        // Garbage body.
        let bad = [0u8, 0, 0, 3, 0xff, 0xff, 0xff];
        assert!(read_frame::<ClientFrame>(&mut bad.as_slice(), MAX_REQUEST).is_err());
        // Trailing bytes inside a frame.
        let mut body = bincode::serde::encode_to_vec(ClientFrame::Subscribe, config()).unwrap();
        body.push(0);
        let mut framed = (body.len() as u32).to_be_bytes().to_vec();
        framed.extend(body);
        assert!(read_frame::<ClientFrame>(&mut framed.as_slice(), MAX_REQUEST).is_err());
    }

    #[test]
    fn a_conn_sends_and_receives_frames_in_turn() {
        use std::os::unix::net::UnixStream;
        let (a, b) = UnixStream::pair().unwrap();
        let mut a = Conn::new(a);
        let mut b = Conn::new(b);
        let big = "Dân vận khéo ".repeat(200_000);
        for text in ["một", big.as_str(), "hai"] {
            let t = text.to_string();
            let sender = std::thread::spawn(move || {
                a.send(&ClientFrame::Call(Request::SaveDraft { text: t }))
                    .unwrap();
                a
            });
            let f: ClientFrame = b.recv(MAX_REQUEST).unwrap();
            a = sender.join().unwrap();
            assert!(
                matches!(f, ClientFrame::Call(Request::SaveDraft { text: got }) if got == text)
            );
        }
        // Several frames sent back to back are read one by one.
        a.send(&ClientFrame::Subscribe).unwrap();
        a.send(&ClientFrame::Call(Request::Periods)).unwrap();
        assert!(matches!(
            b.recv::<ClientFrame>(MAX_REQUEST).unwrap(),
            ClientFrame::Subscribe
        ));
        assert!(matches!(
            b.recv::<ClientFrame>(MAX_REQUEST).unwrap(),
            ClientFrame::Call(Request::Periods)
        ));
        // Over the limit: refused.
        a.send(&ClientFrame::Call(Request::Periods)).unwrap();
        assert!(b.recv::<ClientFrame>(1).is_err());
        assert!(b.body.capacity() <= KEEP && a.out.capacity() <= KEEP);
    }

    #[test]
    fn handshake_reads_version() {
        let mut buf = Vec::new();
        write_hello(&mut buf).unwrap();
        assert_eq!(read_hello(&mut buf.as_slice()).unwrap(), PROTOCOL_VERSION);
        assert!(read_hello(&mut &b"HTTP/1.1"[..]).is_err());
    }
}
