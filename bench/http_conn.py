"""One HTTP/1.1 keep-alive client connection on asyncio streams.

Shared by the load generator (bench/loadgen.py) and the load and fault script
(tests/load/faults.py). Stdlib only. Not safe to share between tasks: each
task owns its connections.
"""

import asyncio

# Largest response head line asyncio's reader accepts; OCR responses are bodies,
# so this only bounds headers and chunk-size lines.
READ_LIMIT = 1 << 22


class HttpConn:
    """One connection, opened on first use and reopened after the server closes it."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.reader = self.writer = None

    def is_open(self):
        """True if a request can go out on the current connection. A connection
        the server closed while it was idle is closed here and reports False."""
        if self.reader is not None and self.reader.at_eof():
            self.close()
        return self.writer is not None

    async def open(self):
        self.close()
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port, limit=READ_LIMIT)

    def close(self):
        if self.writer is not None:
            try:
                self.writer.close()
            except Exception:
                pass
        self.reader = self.writer = None

    async def request(self, raw):
        """Send the raw request bytes, opening a connection if none is open;
        return (status, lower-cased headers, body). Raises OSError,
        asyncio.IncompleteReadError or ValueError when the exchange fails; the
        caller then closes the connection."""
        if not self.is_open():
            await self.open()
        return await self.exchange(raw)

    async def exchange(self, raw):
        """request() on a connection that is already open."""
        self.writer.write(raw)
        await self.writer.drain()
        r = self.reader
        head = await r.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        version, status = lines[0].split(" ", 2)[:2]
        status = int(status)
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                key, value = line.split(":", 1)
                headers[key.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = await r.readexactly(int(headers["content-length"]))
        elif "chunked" in headers.get("transfer-encoding", "").lower():
            body = await self._read_chunked()
        else:  # the body runs to the end of the connection
            body = await r.read()
            self.close()
            return status, headers, body
        connection = headers.get("connection", "").lower()
        if connection == "close" or (version == "HTTP/1.0" and connection != "keep-alive"):
            self.close()
        return status, headers, body

    async def _read_chunked(self):
        parts = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0].strip(), 16)
            if size == 0:
                while await self.reader.readuntil(b"\r\n") != b"\r\n":  # trailers
                    pass
                return b"".join(parts)
            parts.append(await self.reader.readexactly(size))
            await self.reader.readexactly(2)
