/* xlsx_out.c - workbooks to bytes through a temporary file (xlsx_out.h). */
#include "base/xlsx_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"

lxw_workbook *mz_xlsx_new(char path[32], mz_err *e)
{
	lxw_workbook *wb;
	int fd;

	snprintf(path, 32, "/tmp/mz-export-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return mz_fail(e, MZ_EINTERNAL, "", "cannot create a temporary file",
			       "无法创建临时文件"), NULL;
	close(fd);
	wb = workbook_new(path);
	if (!wb) {
		unlink(path);
		return mz_fail(e, MZ_EINTERNAL, "", "cannot start the workbook", "无法生成表格"), NULL;
	}
	return wb;
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
