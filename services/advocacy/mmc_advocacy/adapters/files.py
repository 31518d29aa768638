"""Resources' files, stored in the service's own database with GridFS (the `resource_files`
bucket). Checked on FerretDB v1: upload and download of a multi-megabyte file round-trip byte
for byte (GridFS needs only ordinary collections and an index on `files_id, n`)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from bson import ObjectId
from bson.errors import InvalidId
from gridfs.asynchronous import AsyncGridFSBucket
from gridfs.errors import NoFile
from pymongo.asynchronous.database import AsyncDatabase

from mmc_chassis.mongo import Document

BUCKET = "resource_files"
CHUNK_BYTES = 255 * 1024


class ResourceFiles:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self.bucket = AsyncGridFSBucket(database, bucket_name=BUCKET)

    async def upload(self, resource_id: str, file_name: str, content_type: str, data: bytes) -> str:
        file_id = await self.bucket.upload_from_stream(
            file_name,
            data,
            chunk_size_bytes=CHUNK_BYTES,
            metadata={"resource_id": resource_id, "content_type": content_type},
        )
        return str(file_id)

    async def delete(self, file_id: str) -> None:
        with contextlib.suppress(NoFile, InvalidId):
            await self.bucket.delete(ObjectId(file_id))

    async def chunks(self, file_id: str) -> AsyncIterator[bytes] | None:
        """The file's bytes in chunks, or None when it is not stored."""
        try:
            stream = await self.bucket.open_download_stream(ObjectId(file_id))
        except (NoFile, InvalidId):
            return None

        async def read() -> AsyncIterator[bytes]:
            try:
                while chunk := await stream.readchunk():
                    yield chunk
            finally:
                await stream.close()

        return read()
