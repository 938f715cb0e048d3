//! The wire between `dvk serve` and its clients: a fixed handshake (magic and protocol
//! version, readable by any version), then length-prefixed bincode frames.
//!
//! ```text
//! client → server   "DVKP" u32-be version
//! server → client   "DVKP" u32-be version, u8 accepted (1) or refused (0)
//! then frames       u32-be length, bincode body (ClientFrame / ServerFrame)
//! ```
//!
//! Nothing a peer sends can make this side reserve more memory than the bytes it has sent:
//!
//! - A frame's length is checked against the reader's limit before anything is read (the
//!   server's limit depends on the client's role, see `server::request_limit`).
//! - The body is read in steps: the buffer grows by at most what has already arrived (at
//!   least [`STEP`]), never to the announced length at once, and only arrived bytes are
//!   written into it. A client that announces 255 MB and sends 10 bytes holds 64 KiB of the
//!   server's address space and a page of its memory, not 255 MB.
//! - Bodies are decoded with a bincode size limit. bincode 2.0.1's serde path allocates a
//!   string's bytes (`vec![0; len]`) from the length prefix *before* reading them, bounded
//!   only by the configured limit, which is cumulative over the frame. So the limit is picked
//!   per body, the smallest of [`TIERS`] that holds [`CLAIM`] times it (records take several
//!   times their encoded bytes in memory, and a whole dataset must decode): a string's length
//!   prefix can claim at most 64 times the body's length (and at least 64 KiB); a larger
//!   claim, or a huge varint, is a decode error before any allocation. Sequences are preallocated by serde itself,
//!   which caps a length hint at 1 MiB of elements.

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

/// The smallest body buffer step, and the least a frame's body may reserve before its bytes
/// arrive.
pub const STEP: usize = 64 << 10;

/// Decode limits: a body is decoded with the first limit at least as large as it is.
pub const TIERS: [usize; 5] = [STEP, 1 << 20, 16 << 20, 256 << 20, 4 << 30];

/// Decode `body` with the limit `N` (see the module's comment).
fn decode_limited<T: for<'de> Deserialize<'de>, const N: usize>(
    body: &[u8],
) -> Result<(T, usize), bincode::error::DecodeError> {
    bincode::serde::decode_from_slice(body, config().with_limit::<N>())
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

/// Read the body of one frame of at most `max` bytes into `buf`. The buffer's capacity grows
/// as bytes arrive (by what has arrived so far, at least [`STEP`]), not to the announced
/// length, and only the bytes that arrived are written: memory not yet written to is not
/// resident, so a frame holds about what its peer has sent.
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
    let len = len as usize;
    buf.clear();
    let mut chunk = [0u8; 16 << 10];
    while buf.len() < len {
        let have = buf.len();
        if have == buf.capacity() {
            buf.reserve_exact((len - have).min(have.max(STEP)));
        }
        let want = (len - have).min(chunk.len()).min(buf.capacity() - have);
        match r.read(&mut chunk[..want]) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// What a body's records may take in memory once decoded, in times its bytes: bincode counts
/// a list's elements at their whole size in memory (a model's texts and lists are 24 bytes
/// each before their contents), several times what they take encoded.
pub const CLAIM: usize = 4;

/// Decode a frame's body, which must be used up exactly, with the size limit of the first
/// tier that holds [`CLAIM`] times its bytes.
pub fn decode_body<T: for<'de> Deserialize<'de>>(body: &[u8]) -> io::Result<T> {
    let n = body.len().saturating_mul(CLAIM);
    let r = if n <= TIERS[0] {
        decode_limited::<T, { TIERS[0] }>(body)
    } else if n <= TIERS[1] {
        decode_limited::<T, { TIERS[1] }>(body)
    } else if n <= TIERS[2] {
        decode_limited::<T, { TIERS[2] }>(body)
    } else if n <= TIERS[3] {
        decode_limited::<T, { TIERS[3] }>(body)
    } else {
        decode_limited::<T, { TIERS[4] }>(body)
    };
    let (v, used) = r.map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?;
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

    /// The stream under the buffering.
    pub fn get_ref(&self) -> &S {
        self.rd.get_ref()
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

/// Whether the peer of `s` has closed it, for a connection on which the peer sends nothing
/// at this point (anything readable there is the end of the stream). Does not block.
pub fn peer_closed(s: &std::os::unix::net::UnixStream) -> bool {
    use nix::sys::socket::{MsgFlags, recv};
    use std::os::fd::AsRawFd;
    let mut b = [0u8; 1];
    matches!(
        recv(
            s.as_raw_fd(),
            &mut b,
            MsgFlags::MSG_PEEK | MsgFlags::MSG_DONTWAIT
        ),
        Ok(0) | Err(nix::errno::Errno::ECONNRESET)
    )
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
    fn a_body_is_reserved_as_it_arrives_not_as_announced() {
        // 255 MB announced, 100 KB sent, then the peer stops.
        let mut wire = (255u32 << 20).to_be_bytes().to_vec();
        wire.extend(std::iter::repeat_n(7u8, 100_000));
        let mut body = Vec::new();
        assert!(read_body(&mut wire.as_slice(), MAX_REQUEST, &mut body).is_err());
        assert!(
            body.capacity() <= 2 * 100_000 + STEP,
            "reserved {} bytes for 100 KB",
            body.capacity()
        );
        // A frame that does arrive whole is read whole, in steps.
        let text = "Dân vận khéo ".repeat(100_000);
        let mut wire = Vec::new();
        write_frame(
            &mut wire,
            &ClientFrame::Call(Request::SaveDraft { text: text.clone() }),
        )
        .unwrap();
        let f: ClientFrame = read_frame(&mut wire.as_slice(), MAX_REQUEST).unwrap();
        assert!(matches!(f, ClientFrame::Call(Request::SaveDraft { text: t }) if t == text));
    }

    #[test]
    fn handshake_reads_version() {
        let mut buf = Vec::new();
        write_hello(&mut buf).unwrap();
        assert_eq!(read_hello(&mut buf.as_slice()).unwrap(), PROTOCOL_VERSION);
        assert!(read_hello(&mut &b"HTTP/1.1"[..]).is_err());
    }
}
