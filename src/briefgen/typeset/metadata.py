"""XMP metadata matching the document information dictionary."""

from __future__ import annotations

import os
from datetime import datetime, timezone

from .. import __version__
from ..document import Metadata
from ..failures import EnvironmentProblem


def escape(text: str) -> str:
    """&, < and > as XML entities (xml.sax.saxutils.escape's output; that module imports an HTTP client)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


LATEST_EPOCH = 253402300799  # 9999-12-31T23:59:59Z: the last moment a PDF date can hold

CREATOR = f"briefgen {__version__}"
PRODUCER = f"briefgen {__version__} (reportlab)"


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH as seconds, None when unset; a malformed value is an environment problem, never
    silently the clock."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or int(raw) > LATEST_EPOCH:
        shown = raw if len(raw) <= 40 else raw[:39] + "…"
        raise EnvironmentProblem(f"SOURCE_DATE_EPOCH={shown!r} is not a whole number of seconds since "
                                 f"1970-01-01 (up to {LATEST_EPOCH}): set it to one, e.g. the last commit's "
                                 f"time (git log -1 --format=%ct), or unset it")
    return int(raw)


def epoch_in_force(edition_date: str) -> int:
    """The timestamp a build gives its PDFs: SOURCE_DATE_EPOCH when set, else the edition's date (UTC)."""
    epoch = source_date_epoch()
    if epoch is not None:
        return epoch
    return int(datetime.fromisoformat(edition_date).replace(tzinfo=timezone.utc).timestamp())


def timestamp(meta: Metadata, epoch: int | None = None) -> datetime:
    """The PDF's creation and modification time: epoch when given (a published edition's), else the one in
    force."""
    return datetime.fromtimestamp(epoch if epoch is not None else epoch_in_force(meta.date), tz=timezone.utc)


# What a PDF/A file says of the PDF/UA identification, which PDF/A does not know: its schema described.
_PDFUA_SCHEMA = """  <rdf:Description rdf:about=""
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
     <pdfaProperty:name>part</pdfaProperty:name>
     <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
     <pdfaProperty:category>internal</pdfaProperty:category>
     <pdfaProperty:description>Indicates which part of ISO 14289 standard is followed</pdfaProperty:description>
    </rdf:li></rdf:Seq></pdfaSchema:property>
   </rdf:li></rdf:Bag></pdfaExtension:schemas>
  </rdf:Description>
"""


def _identification(archive_part: int) -> str:
    """PDF/A-N, level U, and PDF/UA-1, as the file claims them."""
    return f"""  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <pdfaid:part>{archive_part}</pdfaid:part>
   <pdfaid:conformance>U</pdfaid:conformance>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
""" + _PDFUA_SCHEMA


def xmp_packet(meta: Metadata, epoch: int | None = None, archive_part: int = 0) -> str:
    """archive_part: the PDF/A part the file claims (with PDF/UA-1); 0: none."""
    stamp = timestamp(meta, epoch).strftime("%Y-%m-%dT%H:%M:%SZ")
    keywords = "; ".join(meta.keywords)
    subjects = "".join(f"<rdf:li>{escape(k)}</rdf:li>" for k in meta.keywords)
    languages = "".join(f"<rdf:li>{escape(lang)}</rdf:li>" for lang in meta.languages)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(meta.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{escape(meta.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(meta.subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:subject><rdf:Bag>{subjects}</rdf:Bag></dc:subject>
   <dc:language><rdf:Bag>{languages}</rdf:Bag></dc:language>
   <pdf:Keywords>{escape(keywords)}</pdf:Keywords>
   <pdf:Producer>{escape(PRODUCER)}</pdf:Producer>
   <xmp:CreatorTool>{escape(CREATOR)}</xmp:CreatorTool>
   <xmp:CreateDate>{stamp}</xmp:CreateDate>
   <xmp:ModifyDate>{stamp}</xmp:ModifyDate>
   <xmp:MetadataDate>{stamp}</xmp:MetadataDate>
  </rdf:Description>
{_identification(archive_part) if archive_part else ""} </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
