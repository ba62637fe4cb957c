/* pdf.c - the flowing A4 layout of pdf.h on cairo's PDF surface and pango.
 *
 * Units are PDF points (1/72 inch). Text is laid out by pango (line
 * breaking of Chinese, fallback fonts) and drawn line by line, so a
 * paragraph longer than the rest of the page continues on the next one. */
#include "documents/pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MM (72.0 / 25.4)
#define PAGE_W (210.0 * MM)
#define PAGE_H (297.0 * MM)
/* Margins close to GB/T 9704 (党政机关公文格式): a text block about
 * 156 x 225 mm. */
#define MARGIN_L (27.0 * MM)
#define MARGIN_R (27.0 * MM)
#define MARGIN_T (30.0 * MM)
#define MARGIN_B (28.0 * MM)
#define TEXT_W (PAGE_W - MARGIN_L - MARGIN_R)
#define BOTTOM (PAGE_H - MARGIN_B)
#define CELL_PAD (1.8 * MM)

#define FONT_BODY "Noto Serif CJK SC"
#define FONT_HEAD "Noto Sans CJK SC"

struct pdf_doc {
	cairo_surface_t *surface;
	cairo_t *cr;
	mz_buf bytes;
	char *footer;
	double y;  /* cursor: top of the next thing drawn */
	int page;  /* 1-based */
	int dirty; /* something drawn on the current page */
};

static cairo_status_t write_bytes(void *closure, const unsigned char *data, unsigned int len)
{
	return mz_buf_append(closure, data, len) ? CAIRO_STATUS_WRITE_ERROR
						 : CAIRO_STATUS_SUCCESS;
}

pdf_doc *pdf_doc_new(const char *footer)
{
	pdf_doc *d = mz_xcalloc(1, sizeof(*d));

	mz_buf_init(&d->bytes);
	d->surface = cairo_pdf_surface_create_for_stream(write_bytes, &d->bytes, PAGE_W, PAGE_H);
	cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR, "minzheng");
	d->cr = cairo_create(d->surface);
	d->footer = mz_strdup(footer ? footer : "");
	d->y = MARGIN_T;
	d->page = 1;
	return d;
}

void pdf_doc_free(pdf_doc *d)
{
	if (!d)
		return;
	if (d->cr)
		cairo_destroy(d->cr);
	if (d->surface) {
		cairo_surface_finish(d->surface);
		cairo_surface_destroy(d->surface);
	}
	mz_buf_release(&d->bytes);
	free(d->footer);
	free(d);
}

static PangoLayout *layout_new(pdf_doc *d, const char *text, int flags, double width)
{
	PangoLayout *l = pango_cairo_create_layout(d->cr);
	PangoFontDescription *fd =
		pango_font_description_from_string(flags & PDF_BOLD ? FONT_HEAD : FONT_BODY);
	double size = flags & PDF_LARGE ? 20 : flags & PDF_SMALL ? 9 : 12;

	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	if (flags & PDF_BOLD)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_spacing(l, (int)(size * 0.45 * PANGO_SCALE));
	pango_layout_set_alignment(l, flags & PDF_CENTER ? PANGO_ALIGN_CENTER
				      : flags & PDF_RIGHT ? PANGO_ALIGN_RIGHT
							  : PANGO_ALIGN_LEFT);
	if (flags & PDF_INDENT)
		pango_layout_set_indent(l, (int)(2 * size * PANGO_SCALE));
	pango_layout_set_text(l, text ? text : "", -1);
	return l;
}

static double layout_height(PangoLayout *l)
{
	int w, h;

	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

static void draw_footer(pdf_doc *d)
{
	char page[64];
	PangoLayout *l;

	snprintf(page, sizeof(page), "第 %d 页", d->page);
	l = layout_new(d, d->footer, PDF_SMALL, TEXT_W);
	cairo_set_source_rgb(d->cr, 0.35, 0.35, 0.35);
	cairo_move_to(d->cr, MARGIN_L, PAGE_H - MARGIN_B + 8 * MM);
	pango_cairo_show_layout(d->cr, l);
	g_object_unref(l);
	l = layout_new(d, page, PDF_SMALL | PDF_RIGHT, TEXT_W);
	cairo_move_to(d->cr, MARGIN_L, PAGE_H - MARGIN_B + 8 * MM);
	pango_cairo_show_layout(d->cr, l);
	g_object_unref(l);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
}

static void new_page(pdf_doc *d)
{
	draw_footer(d);
	cairo_show_page(d->cr);
	d->page++;
	d->y = MARGIN_T;
	d->dirty = 0;
}

void pdf_page_break(pdf_doc *d)
{
	if (d->dirty)
		new_page(d);
}

int pdf_page_count(const pdf_doc *d)
{
	return d->page;
}

/* Makes room for h points, starting a new page if the current one is
 * short of it (and has something on it: an over-tall item is drawn anyway). */
static void need(pdf_doc *d, double h)
{
	if (d->dirty && d->y + h > BOTTOM)
		new_page(d);
	d->dirty = 1;
}

/* Draws a layout at x, line by line from the cursor, breaking pages
 * between lines. */
static void flow_layout(pdf_doc *d, PangoLayout *l, double x)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	double top = d->y;    /* page position of the layout's y = 0 */
	double shift = 0;     /* layout y consumed on earlier pages */

	do {
		PangoRectangle logical;
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
		double ly, lh, base;

		pango_layout_iter_get_line_extents(it, NULL, &logical);
		ly = (double)logical.y / PANGO_SCALE - shift;
		lh = (double)logical.height / PANGO_SCALE;
		if (d->dirty && top + ly + lh > BOTTOM) {
			new_page(d);
			shift += ly;
			top = d->y;
			ly = 0;
		}
		d->dirty = 1;
		base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE - shift;
		cairo_move_to(d->cr, x + (double)logical.x / PANGO_SCALE, top + base);
		pango_cairo_show_layout_line(d->cr, line);
		d->y = top + ly + lh;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

void pdf_text(pdf_doc *d, const char *text, int flags)
{
	PangoLayout *l = layout_new(d, text, flags, TEXT_W);

	flow_layout(d, l, MARGIN_L);
	g_object_unref(l);
	d->y += 2.5 * MM;
}

void pdf_title(pdf_doc *d, const char *text)
{
	pdf_text(d, text, PDF_LARGE | PDF_BOLD | PDF_CENTER);
	d->y += 3 * MM;
}

void pdf_gap(pdf_doc *d, double mm)
{
	d->y += mm * MM;
	if (d->y > BOTTOM)
		new_page(d);
}

/* One ruled row of cells at the cursor; returns its height. */
static double row_height(pdf_doc *d, const char *const *cells, const double *w, size_t n, int flags)
{
	double h = 0;

	for (size_t i = 0; i < n; i++) {
		PangoLayout *l = layout_new(d, cells[i], flags, w[i] - 2 * CELL_PAD);
		double lh = layout_height(l) + 2 * CELL_PAD;

		g_object_unref(l);
		if (lh > h)
			h = lh;
	}
	return h;
}

static void draw_row(pdf_doc *d, const char *const *cells, const double *w, size_t n, int flags,
		     double h)
{
	double x = MARGIN_L;

	cairo_set_line_width(d->cr, 0.6);
	for (size_t i = 0; i < n; i++) {
		PangoLayout *l = layout_new(d, cells[i], flags, w[i] - 2 * CELL_PAD);

		if (flags & PDF_BOLD) {
			cairo_set_source_rgb(d->cr, 0.93, 0.93, 0.93);
			cairo_rectangle(d->cr, x, d->y, w[i], h);
			cairo_fill(d->cr);
			cairo_set_source_rgb(d->cr, 0, 0, 0);
		}
		cairo_rectangle(d->cr, x, d->y, w[i], h);
		cairo_stroke(d->cr);
		cairo_move_to(d->cr, x + CELL_PAD, d->y + CELL_PAD);
		pango_cairo_show_layout(d->cr, l);
		g_object_unref(l);
		x += w[i];
	}
	d->y += h;
}

static void col_widths(const double *rel, size_t n, double *out)
{
	double sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += rel ? rel[i] : 1;
	for (size_t i = 0; i < n; i++)
		out[i] = TEXT_W * (rel ? rel[i] : 1) / sum;
}

void pdf_table(pdf_doc *d, const char *const *headers, const double *widths, size_t ncols,
	       const char *const *cells, size_t nrows)
{
	double *w = mz_xcalloc(ncols ? ncols : 1, sizeof(*w));
	double hh = 0;

	col_widths(widths, ncols, w);
	if (headers) {
		hh = row_height(d, headers, w, ncols, PDF_BOLD | PDF_SMALL);
		need(d, hh);
		draw_row(d, headers, w, ncols, PDF_BOLD | PDF_SMALL, hh);
	}
	for (size_t r = 0; r < nrows; r++) {
		const char *const *row = cells + r * ncols;
		double h = row_height(d, row, w, ncols, PDF_SMALL);

		if (d->y + h > BOTTOM) {
			new_page(d);
			d->dirty = 1;
			if (headers)
				draw_row(d, headers, w, ncols, PDF_BOLD | PDF_SMALL, hh);
		}
		d->dirty = 1;
		draw_row(d, row, w, ncols, PDF_SMALL, h);
	}
	free(w);
	d->y += 3 * MM;
}

void pdf_fields(pdf_doc *d, const pdf_field *f, size_t n)
{
	static const double rel[2] = { 0.3, 0.7 };
	double w[2];

	col_widths(rel, 2, w);
	for (size_t i = 0; i < n; i++) {
		const char *cells[2] = { f[i].label, f[i].value ? f[i].value : "" };
		double h = row_height(d, cells, w, 2, 0);

		need(d, h);
		draw_row(d, cells, w, 2, 0, h);
	}
	d->y += 3 * MM;
}

void pdf_seal(pdf_doc *d, const char *office, const char *date_zh)
{
	const double r = 21 * MM; /* a round official seal is 42 mm across */
	double cx = MARGIN_L + TEXT_W - 30 * MM, top;
	static const double dash[] = { 3, 3 };
	PangoLayout *l;

	need(d, 2 * r + 4 * MM);
	top = d->y + 2 * MM;
	cairo_save(d->cr);
	cairo_set_source_rgb(d->cr, 0.75, 0.1, 0.1);
	cairo_set_dash(d->cr, dash, 2, 0);
	cairo_set_line_width(d->cr, 0.8);
	cairo_new_path(d->cr); /* not joined to the last text's current point */
	cairo_arc(d->cr, cx, top + r, r, 0, 2 * G_PI);
	cairo_stroke(d->cr);
	cairo_restore(d->cr);
	l = layout_new(d, "（盖章）", PDF_SMALL | PDF_CENTER, 2 * r);
	cairo_set_source_rgb(d->cr, 0.6, 0.6, 0.6);
	cairo_move_to(d->cr, cx - r, top + 2 * r - 8 * MM);
	pango_cairo_show_layout(d->cr, l);
	g_object_unref(l);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	d->y = top + r - 8 * MM;
	pdf_text(d, office, PDF_RIGHT);
	pdf_text(d, date_zh, PDF_RIGHT);
	if (d->y < top + 2 * r)
		d->y = top + 2 * r;
	d->y += 3 * MM;
}

void pdf_signatures(pdf_doc *d, const char *const *labels, size_t n)
{
	/* "label：" at the left, "日期：    年    月    日" at the right, the
	 * line to sign on between them: one row each, whatever the label. */
	static const char date[] = "日期：　　　年　　月　　日";

	for (size_t i = 0; i < n; i++) {
		char label[256];
		PangoLayout *l, *r;
		int lw, rw, h;
		double base;

		snprintf(label, sizeof(label), "%s：", labels[i]);
		l = layout_new(d, label, 0, TEXT_W * 0.6);
		r = layout_new(d, date, 0, TEXT_W * 0.4);
		pango_layout_get_pixel_size(l, &lw, &h);
		pango_layout_get_pixel_size(r, &rw, NULL);
		need(d, h + 6 * MM);
		d->y += 4 * MM; /* room above the line for the handwriting */
		cairo_move_to(d->cr, MARGIN_L, d->y);
		pango_cairo_show_layout(d->cr, l);
		cairo_move_to(d->cr, MARGIN_L + TEXT_W - rw, d->y);
		pango_cairo_show_layout(d->cr, r);
		base = d->y + (double)pango_layout_get_baseline(l) / PANGO_SCALE + 1.5;
		cairo_set_line_width(d->cr, 0.5);
		cairo_new_path(d->cr);
		cairo_move_to(d->cr, MARGIN_L + lw + 1 * MM, base);
		cairo_line_to(d->cr, MARGIN_L + TEXT_W - rw - 6 * MM, base);
		cairo_stroke(d->cr);
		g_object_unref(l);
		g_object_unref(r);
		d->y += h + 2 * MM;
	}
}

void pdf_keep(pdf_doc *d, double mm)
{
	if (d->dirty && d->y + mm * MM > BOTTOM)
		new_page(d);
}

void pdf_heading(pdf_doc *d, const char *text)
{
	/* Kept with what follows: a heading alone at a page's foot moves. */
	need(d, 30 * MM);
	d->y += 1 * MM;
	pdf_text(d, text, PDF_BOLD);
}

void pdf_sign_off(pdf_doc *d, const char *office, const char *date_zh)
{
	char line[256];

	need(d, 16 * MM);
	snprintf(line, sizeof(line), "%s（盖章）", office);
	pdf_text(d, line, PDF_RIGHT);
	pdf_text(d, date_zh, PDF_RIGHT);
}

int pdf_qr(pdf_doc *d, const char *payload, double size_mm, const char *caption, mz_err *e)
{
	QRcode *q = QRcode_encodeString(payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	double size = size_mm * MM, cell, x0, y0;

	if (!q)
		return mz_fail(e, MZ_EINTERNAL, "", "QR code could not be encoded",
			       "二维码生成失败");
	need(d, size + 2 * MM);
	cell = size / (q->width + 8); /* a quiet zone of 4 modules each side */
	x0 = MARGIN_L + 4 * cell;
	y0 = d->y + 4 * cell;
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	for (int yy = 0; yy < q->width; yy++)
		for (int xx = 0; xx < q->width; xx++)
			if (q->data[yy * q->width + xx] & 1)
				cairo_rectangle(d->cr, x0 + xx * cell, y0 + yy * cell, cell, cell);
	cairo_fill(d->cr);
	QRcode_free(q);
	if (caption) {
		PangoLayout *l = layout_new(d, caption, 0, TEXT_W - size - 4 * MM);

		cairo_move_to(d->cr, MARGIN_L + size + 4 * MM, d->y + 4 * MM);
		pango_cairo_show_layout(d->cr, l);
		g_object_unref(l);
	}
	d->y += size + 3 * MM;
	return 0;
}

/* Draws the modules of q as black squares of `cell` points from (x0, y0). */
static void draw_modules(pdf_doc *d, const QRcode *q, double x0, double y0, double cell)
{
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	for (int yy = 0; yy < q->width; yy++)
		for (int xx = 0; xx < q->width; xx++)
			if (q->data[yy * q->width + xx] & 1)
				cairo_rectangle(d->cr, x0 + xx * cell, y0 + yy * cell, cell, cell);
	cairo_fill(d->cr);
}

static void rounded_rect(cairo_t *cr, double x, double y, double w, double h, double r)
{
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + w - r, y + r, r, -G_PI / 2, 0);
	cairo_arc(cr, x + w - r, y + h - r, r, 0, G_PI / 2);
	cairo_arc(cr, x + r, y + h - r, r, G_PI / 2, G_PI);
	cairo_arc(cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
	cairo_close_path(cr);
}

int pdf_card(pdf_doc *d, const char *title, const pdf_field *f, size_t n, const char *payload,
	     const char *issuer, mz_err *e)
{
	/* ISO/IEC 7810 ID-1: 85.6 x 54 mm, centred on the text block. */
	const double w = 85.6 * MM, h = 54 * MM, band = 10 * MM, qr = 30 * MM;
	QRcode *q = QRcode_encodeString(payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	double x = MARGIN_L + (TEXT_W - w) / 2, y, fy, cell;
	PangoLayout *l;

	if (!q)
		return mz_fail(e, MZ_EINTERNAL, "", "QR code could not be encoded",
			       "二维码生成失败");
	need(d, h + 4 * MM);
	y = d->y;
	cairo_save(d->cr);
	/* The cutting line and the title band. */
	cairo_set_line_width(d->cr, 0.8);
	cairo_set_source_rgb(d->cr, 0.45, 0.45, 0.45);
	rounded_rect(d->cr, x, y, w, h, 3 * MM);
	cairo_stroke(d->cr);
	cairo_set_source_rgb(d->cr, 0.72, 0.11, 0.11);
	cairo_new_path(d->cr);
	cairo_rectangle(d->cr, x + 0.4, y + 3 * MM, w - 0.8, band - 3 * MM);
	rounded_rect(d->cr, x + 0.4, y + 0.4, w - 0.8, band, 3 * MM);
	cairo_fill(d->cr);
	cairo_restore(d->cr);
	l = layout_new(d, title, PDF_BOLD | PDF_CENTER, w);
	cairo_set_source_rgb(d->cr, 1, 1, 1);
	cairo_move_to(d->cr, x, y + (band - layout_height(l)) / 2);
	pango_cairo_show_layout(d->cr, l);
	g_object_unref(l);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	/* The fields at the left, "label：value" in small type. */
	fy = y + band + 2.5 * MM;
	for (size_t i = 0; i < n; i++) {
		char line[320];

		snprintf(line, sizeof(line), "%s：%s", f[i].label, f[i].value ? f[i].value : "");
		l = layout_new(d, line, PDF_SMALL, w - qr - 6 * MM);
		cairo_move_to(d->cr, x + 3 * MM, fy);
		pango_cairo_show_layout(d->cr, l);
		fy += layout_height(l) + 1.2 * MM;
		g_object_unref(l);
	}
	/* The QR code at the right, with its quiet zone inside the card. */
	cell = qr / (q->width + 8);
	draw_modules(d, q, x + w - qr - 2 * MM + 4 * cell, y + band + 2 * MM + 4 * cell, cell);
	QRcode_free(q);
	if (issuer) {
		l = layout_new(d, issuer, PDF_SMALL | PDF_CENTER, w);
		cairo_set_source_rgb(d->cr, 0.3, 0.3, 0.3);
		cairo_move_to(d->cr, x, y + h - layout_height(l) - 2 * MM);
		pango_cairo_show_layout(d->cr, l);
		g_object_unref(l);
		cairo_set_source_rgb(d->cr, 0, 0, 0);
	}
	d->y = y + h + 4 * MM;
	return 0;
}

int pdf_doc_finish(pdf_doc *d, mz_buf *out, mz_err *e)
{
	cairo_status_t st;
	int rc = 0;

	draw_footer(d);
	cairo_show_page(d->cr);
	cairo_destroy(d->cr);
	d->cr = NULL;
	cairo_surface_finish(d->surface);
	st = cairo_surface_status(d->surface);
	cairo_surface_destroy(d->surface);
	d->surface = NULL;
	if (st != CAIRO_STATUS_SUCCESS)
		rc = mz_failf(e, MZ_EINTERNAL, "", "PDF could not be written: %s",
			      "PDF 生成失败：%s", cairo_status_to_string(st));
	else if (mz_buf_append(out, d->bytes.data, d->bytes.len))
		rc = mz_fail(e, MZ_EINTERNAL, "", "PDF too large", "PDF 过大");
	pdf_doc_free(d);
	return rc;
}

void pdf_date_zh(const char *iso, char out[32])
{
	int y, m, dd;

	if (iso && sscanf(iso, "%4d-%2d-%2d", &y, &m, &dd) == 3)
		snprintf(out, 32, "%d年%d月%d日", y, m, dd);
	else
		snprintf(out, 32, "%s", iso ? iso : "");
}
