import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAddress, PUBLIC_ONLY } from "../../src/ingest/address-policy.js";
import { type FetchOptions, fetchPage, USER_AGENT } from "../../src/ingest/fetch-page.js";
import { redirectTo, serve, type WebServer, webServer } from "../helpers/web-server.js";

const HTML = ["text/html"];
let allowed: WebServer;
/** A second loopback address that FETCH_ALLOW_HOSTS does not name: what an attacker would aim at. */
let internal: WebServer;
let options: FetchOptions;

beforeAll(async () => {
  internal = await webServer({ "/secret": serve("text/html", "<p>internal admin page</p>") }, "127.0.0.2");
  allowed = await webServer({
    "/page": serve("text/html; charset=utf-8", "<p>hello</p>"),
    "/ua": (req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(String(req.headers["user-agent"]));
    },
    "/to-internal": redirectTo(`http://127.0.0.2:${internal.port}/secret`),
    "/to-internal-decimal": redirectTo(`http://2130706434:${internal.port}/secret`),
    "/to-internal-v6": redirectTo(`http://[::ffff:127.0.0.2]:${internal.port}/secret`),
    "/to-file": redirectTo("file:///etc/passwd"),
    "/loop": redirectTo("/loop"),
    "/hop1": redirectTo("/hop2", 301),
    "/hop2": redirectTo("/page", 308),
    "/slow": (_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.write("<p>first byte</p>");
      setTimeout(() => res.end("<p>too late</p>"), 2_000).unref();
    },
    "/huge": (_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      const chunk = Buffer.alloc(64 * 1024, "a");
      let sent = 0;
      const pump = () => {
        while (sent < 40 && res.write(chunk)) sent++;
        if (sent < 40) res.once("drain", pump);
        else res.end();
      };
      pump();
    },
    "/huge-declared": serve("text/html", "x", { "content-length": String(50 * 1024 * 1024) }),
    "/bomb": serve("text/html", gzipSync(Buffer.alloc(20 * 1024 * 1024, "a")), { "content-encoding": "gzip" }),
    "/gzip": serve("text/html", gzipSync("<p>compressed page</p>"), { "content-encoding": "gzip" }),
    "/image": serve("image/png", Buffer.from([0x89, 0x50, 0x4e, 0x47])),
    "/pdf-as-octets": serve("application/octet-stream", Buffer.from("%PDF-1.4\n...")),
    "/gone": (_req, res) => {
      res.writeHead(410);
      res.end();
    },
    "/login": (_req, res) => {
      res.writeHead(403);
      res.end();
    },
  });
  options = { policy: { allow: ["127.0.0.1"] }, accept: HTML, timeoutMs: 500, maxBytes: 1024 * 1024 };
});
afterAll(async () => {
  await allowed.close();
  await internal.close();
});

describe("fetchPage", () => {
  it("fetches an allowed page and names nkru in its user agent", async () => {
    const page = await fetchPage(allowed.url("/page"), options);
    expect(page.ok && page.value).toMatchObject({ status: 200, contentType: "text/html", charset: "utf-8" });
    expect(page.ok && page.value.bytes.toString()).toBe("<p>hello</p>");
    const ua = await fetchPage(allowed.url("/ua"), options);
    expect(ua.ok && ua.value.bytes.toString()).toBe(USER_AGENT);
  });

  it("follows up to 5 redirects and reports where it ended", async () => {
    const page = await fetchPage(allowed.url("/hop1"), options);
    expect(page.ok && page.value.url).toBe(allowed.url("/page"));
    expect(await fetchPage(allowed.url("/loop"), options)).toMatchObject({ ok: false, code: "too_many_redirects" });
  });

  it("decompresses gzip", async () => {
    const page = await fetchPage(allowed.url("/gzip"), options);
    expect(page.ok && page.value.bytes.toString()).toBe("<p>compressed page</p>");
  });

  it.each([
    ["a private address", "http://10.0.0.1/", /private network/],
    ["cloud metadata", "http://169.254.169.254/latest/meta-data/", /link-local/],
    ["a loopback address not allowed", "http://127.0.0.2:1/secret", /loopback/],
    ["a decimal spelling of loopback", "http://2130706434:1/secret", /loopback/],
    ["an IPv6 spelling of loopback", "http://[::ffff:127.0.0.2]:1/secret", /loopback/],
    ["IPv6 loopback", "http://[::1]:1/", /loopback/],
    ["the unspecified address", "http://0.0.0.0:1/", /unspecified/],
  ])("refuses %s before sending anything", async (_what, url, why) => {
    const r = await fetchPage(url, options);
    expect(r).toMatchObject({ ok: false, code: "refused_address", message: expect.stringMatching(why) });
    expect(internal.hits).toEqual([]);
  });

  it("refuses a host name that resolves to loopback, checking the resolved address", async () => {
    const resolve = async () => [{ address: "127.0.0.2", family: 4 }];
    const r = await fetchPage(`http://intranet.example:${internal.port}/secret`, { ...options, resolve });
    expect(r).toMatchObject({ ok: false, code: "refused_address" });
    // One public and one private answer: refused too, rather than racing for the public one.
    const mixed = async () => [
      { address: "93.184.215.14", family: 4 },
      { address: "127.0.0.2", family: 4 },
    ];
    expect(
      await fetchPage(`http://mixed.example:${internal.port}/secret`, { ...options, resolve: mixed }),
    ).toMatchObject({
      ok: false,
      code: "refused_address",
    });
    expect(internal.hits).toEqual([]);
  });

  it("connects to the address it checked, not to a second lookup's answer", async () => {
    let lookups = 0;
    const resolve = async () => {
      lookups++;
      return [{ address: "127.0.0.1", family: 4 }];
    };
    const r = await fetchPage(`http://rebind.example:${allowed.port}/page`, {
      ...options,
      policy: { allow: ["127.0.0.1"] },
      resolve,
    });
    expect(r.ok).toBe(true);
    expect(lookups).toBe(1);
  });

  it.each([
    ["to a loopback address not allowed", "/to-internal"],
    ["to a decimal spelling of it", "/to-internal-decimal"],
    ["to an IPv6 spelling of it", "/to-internal-v6"],
  ])("refuses a redirect %s without following it", async (_what, path) => {
    const r = await fetchPage(allowed.url(path), options);
    expect(r).toMatchObject({ ok: false, code: "refused_address" });
    expect(internal.hits).toEqual([]);
  });

  it("refuses schemes other than http and https, also as a redirect target", async () => {
    expect(await fetchPage("file:///etc/passwd", options)).toMatchObject({ ok: false, code: "bad_url" });
    expect(await fetchPage("gopher://example.com/", options)).toMatchObject({ ok: false, code: "bad_url" });
    expect(await fetchPage("http://user:pw@example.com/", options)).toMatchObject({ ok: false, code: "bad_url" });
    expect(await fetchPage(allowed.url("/to-file"), options)).toMatchObject({ ok: false, code: "bad_url" });
    expect(await fetchPage("not a url", options)).toMatchObject({ ok: false, code: "bad_url" });
  });

  it("gives up on a slow page at the deadline", async () => {
    expect(await fetchPage(allowed.url("/slow"), options)).toMatchObject({ ok: false, code: "timeout" });
  });

  it("stops reading at the size cap, declared or counted while streaming, and after decompression", async () => {
    expect(await fetchPage(allowed.url("/huge-declared"), options)).toMatchObject({ ok: false, code: "too_large" });
    expect(await fetchPage(allowed.url("/huge"), options)).toMatchObject({ ok: false, code: "too_large" });
    expect(await fetchPage(allowed.url("/bomb"), options)).toMatchObject({ ok: false, code: "too_large" });
  });

  it("refuses types it cannot read, sniffs a PDF served as octets, and names HTTP errors", async () => {
    expect(await fetchPage(allowed.url("/image"), options)).toMatchObject({
      ok: false,
      code: "unsupported_type",
      message: "it is image/png, which nkru cannot read",
    });
    const pdf = await fetchPage(allowed.url("/pdf-as-octets"), { ...options, accept: ["application/pdf"] });
    expect(pdf.ok && pdf.value.contentType).toBe("application/pdf");
    expect(await fetchPage(allowed.url("/gone"), options)).toMatchObject({ ok: false, code: "not_found" });
    expect(await fetchPage(allowed.url("/login"), options)).toMatchObject({ ok: false, code: "http_refused" });
  });
});

describe("checkAddress", () => {
  it("allows public addresses and refuses the rest unless listed by address, range or name", () => {
    expect(checkAddress("example.com", "93.184.215.14", PUBLIC_ONLY).ok).toBe(true);
    expect(checkAddress("example.com", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", PUBLIC_ONLY).ok).toBe(true);
    for (const a of [
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "100.64.0.1",
      "224.0.0.1",
      "fd00::1",
      "fe80::1",
      "2002:7f00:1::1",
    ])
      expect(checkAddress("h", a, PUBLIC_ONLY).ok, a).toBe(false);
    expect(checkAddress("h", "10.1.2.3", { allow: ["10.0.0.0/8"] }).ok).toBe(true);
    expect(checkAddress("wiki.internal", "10.1.2.3", { allow: ["wiki.internal"] }).ok).toBe(true);
    expect(checkAddress("h", "::ffff:10.1.2.3", { allow: ["10.1.2.3"] }).ok).toBe(true);
  });
});
