/* SPDX-License-Identifier: ISC */
/*
 * Flame graphs (-f svg): a profile (flame.h) as one self-contained SVG
 * document, its script inline and its fonts the reader's own.  Each
 * frame is a box as wide as its share of the samples, its callees on
 * top of it; hovering names a frame with its count and percentage,
 * clicking zooms into it, Search highlights the frames a regular
 * expression matches (also ?s=regex in the address) and says what part
 * of the samples they cover; ?z=regex zooms into the first frame that
 * matches.
 */

#include <stdio.h>
#include <string.h>

#include "flame.h"
#include "util.h"

#define SVG_WIDTH	1200	/* pixels */
#define SVG_PAD		10	/* left and right */
#define SVG_FRAMEH	16	/* a frame's height, its box 1 less */
#define SVG_TOP		60	/* title, subtitle, buttons */
#define SVG_BOTTOM	30	/* the line of details */
#define SVG_FONTSIZE	12
#define SVG_CHARW	7.2	/* of the monospace font at that size */
#define SVG_MINWIDTH	0.1	/* frames narrower are not drawn */

/*
 * The script: frames are <g class="f"> holding a <title> "NAME (...)",
 * a <rect> and a <text>; data-s is the frame's first sample, data-n its
 * samples, data-d its depth.  Written with the document, not fetched.
 */
static const char svg_script[] =
"var W = %d, PAD = %d, CHARW = %g, MINW = %g;\n"
"var frames = Array.prototype.slice.call(document.querySelectorAll('g.f'));\n"
"var root = frames[0], total = num(root, 's') + num(root, 'n');\n"
"var details = document.getElementById('details');\n"
"var matched = document.getElementById('matched');\n"
"var searchbtn = document.getElementById('search');\n"
"var resetbtn = document.getElementById('unzoom');\n"
"var searching = null;\n"
"function num(g, k) { return Number(g.getAttribute('data-' + k)); }\n"
"function fname(g) {\n"
"\tvar t = g.querySelector('title').textContent;\n"
"\treturn t.substring(0, t.lastIndexOf(' ('));\n"
"}\n"
"function label(g, w) {\n"
"\tvar s = fname(g), fit = Math.floor((w - 6) / CHARW);\n"
"\tif (fit < 3)\n"
"\t\treturn '';\n"
"\treturn s.length <= fit ? s : s.substring(0, fit - 2) + '..';\n"
"}\n"
"function place(g, x, w) {\n"
"\tvar r = g.querySelector('rect'), t = g.querySelector('text');\n"
"\tr.setAttribute('x', x.toFixed(1));\n"
"\tr.setAttribute('width', w.toFixed(1));\n"
"\tt.setAttribute('x', (x + 3).toFixed(1));\n"
"\tt.textContent = label(g, w);\n"
"\tg.style.display = w < MINW ? 'none' : '';\n"
"}\n"
"function zoom(z) {\n"
"\tvar s0 = num(z, 's'), n0 = num(z, 'n'), d0 = num(z, 'd');\n"
"\tvar fw = W - 2 * PAD;\n"
"\tframes.forEach(function (g) {\n"
"\t\tvar s = num(g, 's'), n = num(g, 'n'), d = num(g, 'd');\n"
"\t\tg.classList.remove('anc');\n"
"\t\tif (d >= d0 && s >= s0 && s + n <= s0 + n0)\n"
"\t\t\tplace(g, PAD + (s - s0) / n0 * fw, n / n0 * fw);\n"
"\t\telse if (d < d0 && s <= s0 && s + n >= s0 + n0) {\n"
"\t\t\tg.classList.add('anc');\n"
"\t\t\tplace(g, PAD, fw);\n"
"\t\t} else\n"
"\t\t\tg.style.display = 'none';\n"
"\t});\n"
"\tresetbtn.style.opacity = z === root ? 0 : 1;\n"
"}\n"
"function search(re) {\n"
"\tvar spans = [], covered = 0, end = -1;\n"
"\tframes.forEach(function (g) {\n"
"\t\tvar r = g.querySelector('rect');\n"
"\t\tif (!r.hasAttribute('data-c'))\n"
"\t\t\tr.setAttribute('data-c', r.getAttribute('fill'));\n"
"\t\tif (re !== null && g !== root && re.test(fname(g))) {\n"
"\t\t\tr.setAttribute('fill', 'rgb(230,0,230)');\n"
"\t\t\tspans.push([num(g, 's'), num(g, 's') + num(g, 'n')]);\n"
"\t\t} else\n"
"\t\t\tr.setAttribute('fill', r.getAttribute('data-c'));\n"
"\t});\n"
"\tspans.sort(function (a, b) { return a[0] - b[0]; });\n"
"\tspans.forEach(function (sp) {\n"
"\t\tif (sp[0] >= end) {\n"
"\t\t\tcovered += sp[1] - sp[0];\n"
"\t\t\tend = sp[1];\n"
"\t\t} else if (sp[1] > end) {\n"
"\t\t\tcovered += sp[1] - end;\n"
"\t\t\tend = sp[1];\n"
"\t\t}\n"
"\t});\n"
"\tsearching = re;\n"
"\tsearchbtn.textContent = re === null ? 'Search' : 'Reset search';\n"
"\tmatched.textContent = re === null ? '' : 'Matched: ' +\n"
"\t    (100 * covered / total).toFixed(1) + '%%';\n"
"}\n"
"function ask() {\n"
"\tvar s;\n"
"\tif (searching !== null) {\n"
"\t\tsearch(null);\n"
"\t\treturn;\n"
"\t}\n"
"\ts = prompt('Search for frames (a regular expression)', '');\n"
"\tif (s === null || s === '')\n"
"\t\treturn;\n"
"\ttry {\n"
"\t\tsearch(new RegExp(s));\n"
"\t} catch (e) {\n"
"\t\tmatched.textContent = 'Bad expression: ' + e.message;\n"
"\t}\n"
"}\n"
"frames.forEach(function (g) {\n"
"\tg.addEventListener('click', function () { zoom(g); });\n"
"\tg.addEventListener('mouseover', function () {\n"
"\t\tdetails.textContent = g.querySelector('title').textContent;\n"
"\t});\n"
"\tg.addEventListener('mouseout', function () {\n"
"\t\tdetails.textContent = ' ';\n"
"\t});\n"
"});\n"
"resetbtn.addEventListener('click', function () { zoom(root); });\n"
"searchbtn.addEventListener('click', ask);\n"
"document.addEventListener('keydown', function (e) {\n"
"\tif ((e.ctrlKey && e.key === 'f') || e.key === '/') {\n"
"\t\te.preventDefault();\n"
"\t\task();\n"
"\t} else if (e.key === 'Escape')\n"
"\t\tzoom(root);\n"
"});\n"
"(function () {\n"
"\tvar p = new URLSearchParams(location.search);\n"
"\tvar q = p.get('s'), z = p.get('z');\n"
"\ttry {\n"
"\t\tif (q !== null && q !== '')\n"
"\t\t\tsearch(new RegExp(q));\n"
"\t\tif (z !== null && z !== '')\n"
"\t\t\tz = new RegExp(z);\n"
"\t\tframes.some(function (g) {\n"
"\t\t\tif (z === null || z === '' || g === root ||\n"
"\t\t\t    !z.test(fname(g)))\n"
"\t\t\t\treturn false;\n"
"\t\t\tzoom(g);\n"
"\t\t\treturn true;\n"
"\t\t});\n"
"\t} catch (e) {\n"
"\t\tmatched.textContent = 'Bad expression: ' + e.message;\n"
"\t}\n"
"})();\n";

/*
 * The length of the valid UTF-8 sequence at `s', or 0: a name is bytes
 * (a comm, a symbol), an XML document is characters.
 */
static size_t
utf8_len(const unsigned char *s)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	for (i = 1; i < n; i++) {
		if (s[i] < lo || s[i] > hi)
			return 0;
		lo = 0x80;
		hi = 0xbf;
	}
	return n;
}

/*
 * At most `max' characters of `s' as XML character data or attribute
 * text: markup characters as references, control characters and bytes
 * that are not UTF-8 as U+FFFD.  Returns the characters written.
 */
static size_t
xml_text(FILE *fp, const char *str, size_t max)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n, chars = 0;

	for (; *s != '\0' && chars < max; chars++) {
		n = utf8_len(s);
		if (n == 0 || *s < 0x20 || *s == 0x7f) {
			fputs("&#xfffd;", fp);
			s += n == 0 ? 1 : n;
			continue;
		}
		switch (*s) {
		case '&':
			fputs("&amp;", fp);
			break;
		case '<':
			fputs("&lt;", fp);
			break;
		case '>':
			fputs("&gt;", fp);
			break;
		case '"':
			fputs("&quot;", fp);
			break;
		case '\'':
			fputs("&apos;", fp);
			break;
		default:
			fwrite(s, 1, n, fp);
			break;
		}
		s += n;
	}
	return chars;
}

/* Characters, not bytes, for fitting a label. */
static size_t
utf8_chars(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n, chars = 0;

	for (; *s != '\0'; chars++) {
		n = utf8_len(s);
		s += n == 0 ? 1 : n;
	}
	return chars;
}

/* The name as much of it fits in `width' pixels, or nothing. */
static void
label(FILE *fp, const char *name, double width)
{
	size_t fit = width > 6 ? (size_t)((width - 6) / SVG_CHARW) : 0;

	if (fit < 3)
		return;
	if (utf8_chars(name) <= fit)
		xml_text(fp, name, fit);
	else {
		xml_text(fp, name, fit - 2);
		fputs("..", fp);
	}
}

/*
 * A colour of the frame's kind, its shade from its name, so that one
 * function has one colour wherever it is: warm for the kernel, red to
 * yellow for user code, blue for keys that are not stacks.
 */
static void
colour(char *buf, size_t len, const struct frame *f, int root)
{
	uint32_t h = 2166136261u;
	const char *s;
	unsigned int a, b;

	for (s = f->f_name; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	a = h % 64;
	b = (h >> 8) % 64;
	if (root)
		snprintf(buf, len, "rgb(200,200,200)");
	else if (f->f_kind == FRAME_KERNEL)
		snprintf(buf, len, "rgb(%u,%u,%u)", 225 + a % 31, 150 + b,
		    30 + a / 2);
	else if (f->f_kind == FRAME_USER)
		snprintf(buf, len, "rgb(%u,%u,%u)", 200 + a % 56, b * 3 / 2,
		    a % 40);
	else
		snprintf(buf, len, "rgb(%u,%u,%u)", 90 + a, 140 + b / 2,
		    200 + b / 3);
}

static void
frame_write(FILE *fp, const struct frame *f, samples_t start, size_t depth,
    size_t height, double total)
{
	double fw = SVG_WIDTH - 2 * SVG_PAD, x, w, y;
	samples_t s = start;
	size_t i;
	char fill[32], num[U128_STRLEN];

	w = (double)f->f_total / total * fw;
	if (w < SVG_MINWIDTH)
		return;
	x = SVG_PAD + (double)start / total * fw;
	y = height - SVG_BOTTOM - (double)(depth + 1) * SVG_FRAMEH;
	colour(fill, sizeof(fill), f, depth == 0);
	fprintf(fp, "<g class=\"f\" data-s=\"%s\" ",
	    u128_str(num, sizeof(num), start));
	fprintf(fp, "data-n=\"%s\" data-d=\"%zu\"><title>",
	    u128_str(num, sizeof(num), f->f_total), depth);
	xml_text(fp, f->f_name, SIZE_MAX);
	fprintf(fp, " (%s sample%s, %.2f%%)</title>"
	    "<rect x=\"%.1f\" y=\"%.0f\" width=\"%.1f\" height=\"%d\" "
	    "rx=\"2\" fill=\"%s\"/><text x=\"%.1f\" y=\"%.0f\">",
	    u128_str(num, sizeof(num), f->f_total),
	    f->f_total == 1 ? "" : "s",
	    100.0 * (double)f->f_total / total, x, y, w, SVG_FRAMEH - 1,
	    fill, x + 3, y + SVG_FRAMEH - 4);
	label(fp, f->f_name, w);
	fputs("</text></g>\n", fp);
	for (i = 0; i < f->f_nkids; i++) {
		frame_write(fp, f->f_kids[i], s, depth + 1, height, total);
		s += f->f_kids[i]->f_total;
	}
}

void
svg_write(FILE *fp, const struct profile *pr, const char *title)
{
	size_t height;
	double total = (double)pr->p_root.f_total;
	char num[U128_STRLEN];

	height = SVG_TOP + (pr->p_depth + 1) * SVG_FRAMEH + SVG_BOTTOM;
	fprintf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
	    "width=\"%d\" height=\"%zu\" viewBox=\"0 0 %d %zu\">\n",
	    SVG_WIDTH, height, SVG_WIDTH, height);
	fprintf(fp, "<style>\n"
	    "text { font-family: monospace; font-size: %dpx; fill: #000; }\n"
	    "g.f { cursor: pointer; }\n"
	    "g.f text { pointer-events: none; }\n"
	    "g.f:hover rect { stroke: #000; stroke-width: 0.5; }\n"
	    "g.anc { opacity: 0.5; }\n"
	    ".title { font-size: 17px; text-anchor: middle; }\n"
	    ".sub { fill: #555; text-anchor: middle; }\n"
	    ".btn { cursor: pointer; fill: #236; }\n"
	    "</style>\n"
	    "<rect x=\"0\" y=\"0\" width=\"100%%\" height=\"100%%\" "
	    "fill=\"#f8f8f0\"/>\n", SVG_FONTSIZE);
	fprintf(fp, "<text class=\"title\" x=\"%d\" y=\"24\">Flame graph of ",
	    SVG_WIDTH / 2);
	xml_text(fp, title, 100);
	fprintf(fp, "</text>\n<text class=\"sub\" x=\"%d\" y=\"42\">",
	    SVG_WIDTH / 2);
	xml_text(fp, pr->p_maps, SIZE_MAX);
	fprintf(fp, ": %s sample%s, btrace(8)</text>\n",
	    u128_str(num, sizeof(num), pr->p_root.f_total),
	    pr->p_root.f_total == 1 ? "" : "s");
	fprintf(fp, "<text id=\"unzoom\" class=\"btn\" x=\"%d\" y=\"24\" "
	    "style=\"opacity: 0\">Reset zoom</text>\n"
	    "<text id=\"search\" class=\"btn\" x=\"%d\" y=\"24\" "
	    "style=\"text-anchor: end\">Search</text>\n"
	    "<text id=\"matched\" x=\"%d\" y=\"%zu\" "
	    "style=\"text-anchor: end\"></text>\n"
	    "<text id=\"details\" x=\"%d\" y=\"%zu\"> </text>\n",
	    SVG_PAD, SVG_WIDTH - SVG_PAD, SVG_WIDTH - SVG_PAD, height - 10,
	    SVG_PAD, height - 10);
	if (pr->p_root.f_total == 0)
		fprintf(fp, "<text class=\"title\" x=\"%d\" y=\"%zu\">"
		    "No samples: no stack was sampled.</text>\n",
		    SVG_WIDTH / 2, height / 2 + 40);
	else
		frame_write(fp, &pr->p_root, 0, 0, height, total);
	fputs("<script type=\"text/ecmascript\"><![CDATA[\n", fp);
	if (pr->p_root.f_total > 0)
		fprintf(fp, svg_script, SVG_WIDTH, SVG_PAD, SVG_CHARW,
		    SVG_MINWIDTH);
	fputs("]]></script>\n</svg>\n", fp);
}
