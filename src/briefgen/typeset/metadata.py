"""XMP metadata matching the document information dictionary."""

from __future__ import annotations

from xml.sax.saxutils import escape

from .. import __version__
from ..document import Metadata

CREATOR = f"briefgen {__version__}"
PRODUCER = f"briefgen {__version__} (reportlab)"


def xmp_packet(meta: Metadata) -> str:
    timestamp = f"{meta.date}T00:00:00Z"
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
   <xmp:CreateDate>{timestamp}</xmp:CreateDate>
   <xmp:ModifyDate>{timestamp}</xmp:ModifyDate>
   <xmp:MetadataDate>{timestamp}</xmp:MetadataDate>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
