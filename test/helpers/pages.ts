/** A news page in the shape sites publish them (Open Graph, JSON-LD), for tests that need many distinct articles. */
export function newsPage(o: {
  title: string;
  outlet: string;
  date: string;
  author: string;
  paragraphs: readonly string[];
}): string {
  const ld = JSON.stringify({
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: o.title,
    datePublished: o.date,
    author: { "@type": "Person", name: o.author },
  });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${o.title} | ${o.outlet}</title>
<meta property="og:site_name" content="${o.outlet}"><meta property="og:type" content="article">
<script type="application/ld+json">${ld}</script></head>
<body><article><h1>${o.title}</h1>${o.paragraphs.map((p) => `<p>${p}</p>`).join("")}</article></body></html>`;
}
