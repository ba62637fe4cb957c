/* xlsx_out.c - workbooks to bytes through a temporary file (xlsx_out.h). */
#include "base/xlsx_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"

static lxw_workbook *xlsx_new(char path[32], int big, mz_err *e)
{
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = "/tmp" };
	lxw_workbook *wb;
	int fd;

	snprintf(path, 32, "/tmp/mz-export-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return mz_fail(e, MZ_EINTERNAL, "", "cannot create a temporary file",
			       "无法创建临时文件"), NULL;
	close(fd);
	wb = big ? workbook_new_opt(path, &opt) : workbook_new(path);
	if (!wb) {
		unlink(path);
		return mz_fail(e, MZ_EINTERNAL, "", "cannot start the workbook", "无法生成表格"), NULL;
	}
	return wb;
}

lxw_workbook *mz_xlsx_new(char path[32], mz_err *e)
{
	return xlsx_new(path, 0, e);
}

lxw_workbook *mz_xlsx_new_big(char path[32], mz_err *e)
{
	return xlsx_new(path, 1, e);
}

int mz_xlsx_finish_fd(lxw_workbook *wb, const char *path, int *fd, size_t *len, mz_err *e)
{
	struct stat sb;

	if (workbook_close(wb) != LXW_NO_ERROR) {
		unlink(path);
		return mz_fail(e, MZ_EINTERNAL, "", "cannot write the workbook", "无法生成表格");
	}
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	unlink(path);
	if (*fd < 0 || fstat(*fd, &sb)) {
		if (*fd >= 0)
			close(*fd);
		return mz_fail(e, MZ_EINTERNAL, "", "cannot read the workbook", "无法读取表格");
	}
	*len = (size_t)sb.st_size;
	return 0;
}

int mz_xlsx_finish(lxw_workbook *wb, const char *path, char **out, size_t *len, mz_err *e)
{
	FILE *f;
	long sz;

	if (workbook_close(wb) != LXW_NO_ERROR) {
		unlink(path);
		return mz_fail(e, MZ_EINTERNAL, "", "cannot write the workbook", "无法生成表格");
	}
	f = fopen(path, "rb");
	if (!f || fseek(f, 0, SEEK_END) || (sz = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		if (f)
			fclose(f);
		unlink(path);
		return mz_fail(e, MZ_EINTERNAL, "", "cannot read the workbook", "无法读取表格");
	}
	*out = mz_xmalloc((size_t)sz + 1);
	*len = fread(*out, 1, (size_t)sz, f);
	fclose(f);
	unlink(path);
	return 0;
}
