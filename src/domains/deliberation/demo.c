/* demo.c - deliberation halls in the demo city, made by the real functions
 * (so they obey the quorum, deadline and scope rules and are audited).
 * Guangzhou had 2,759 halls for 18.8 million residents, one per community:
 * a demo city gets persons * 2759 / 18.8M community halls (at least one a
 * district), spread over the located communities, plus a street hall in
 * each district (分层议事). Every hall shows every state: a held meeting
 * with a quorum, minutes drafted, amended and published, resolutions
 * carried out on time and late, in progress, and (one hall in nine)
 * overdue at each escalation step; a
 * planned meeting; and in one hall in ten a meeting without a quorum. The
 * overdue share makes the city's execution rate about 94.4%, near the
 * 94.5% Guangzhou reports. The escalation runs at the end, so overdue
 * resolutions stand at each step. */
#include <stdio.h>
#include <string.h>

#include "domains/deliberation/deliberation.h"
#include "registry/registry.h"

static const char *const districts[] = { "440103", "440104", "440105", "440106", "440111",
					  "440112", "440113", "440114", "440115", "440117",
					  "440118" };

static const char *const topic_titles[] = { "老旧楼宇加装电梯", "小区停车秩序整治", "垃圾分类投放点改造",
					   "社区长者饭堂选址", "公共照明维修" };

static void day_rel(int days, char out[11])
{
	mz_day_format(mz_today() + days, out);
}

/* A held meeting over topics, attendance of `present` of the reps. */
static int meeting(store_conn *c, const access_ctx *sys, int64_t hall, const char *title, int days,
		   const int64_t *topics, size_t nt, const int64_t *reps, size_t present,
		   int64_t *id, mz_err *e)
{
	char held[11];
	dl_meeting_new m = { .title = title, .held_on = held, .place = "社区党群服务中心议事厅",
			     .topic_ids = topics, .n_topics = nt };

	day_rel(days, held);
	if (dl_meeting_create(c, sys, hall, &m, id, e))
		return -1;
	return days <= 0 ? dl_meeting_attendance(c, sys, *id, reps, present, e) : 0;
}

static int resolution(store_conn *c, const access_ctx *sys, int64_t meeting_id, int64_t topic,
		      const char *text, const char *unit, int due_days, int done_days, int tasks_done,
		      int64_t *made, mz_err *e)
{
	char due[11], t1[11], t2[11], done[11];
	dl_task_new tasks[2] = { { "制定实施方案并公示", t1 }, { "组织实施并验收", t2 } };
	dl_resolution_new r = { .topic_id = topic, .text = text, .responsible_unit = unit,
				.due_on = due, .tasks = tasks, .n_tasks = 2 };
	int64_t id;
	json_t *got;

	day_rel(due_days, due);
	day_rel(due_days - 20, t1);
	day_rel(due_days, t2);
	if (dl_resolution_create(c, sys, meeting_id, &r, &id, e))
		return -1;
	(*made)++;
	if (!tasks_done)
		return 0;
	if (!(got = dl_resolution_get(c, sys, id, e)))
		return -1;
	day_rel(done_days, done);
	for (int k = 0; k < tasks_done; k++) {
		json_t *t = json_array_get(json_object_get(got, "tasks"), (size_t)k);

		if (dl_task_done(c, sys, id, json_integer_value(json_object_get(t, "id")),
				 "现场照片及验收记录已存档", done, e)) {
			json_decref(got);
			return -1;
		}
	}
	json_decref(got);
	return 0;
}

static int one_hall(store_conn *c, const access_ctx *sys, const char *code, const char *dname,
		    int64_t i, int64_t *made_res, mz_err *e)
{
	static const char *const kinds[] = { "resident", "resident", "resident", "committee",
					     "property", "unit" };
	char name[200], labels[6][160], raised[11];
	int64_t hall, reps[6], topics[5], m1, m2, m3;
	dl_hall_new hn = { .division_code = code, .name = name, .address = dname };

	snprintf(name, sizeof(name), "%s居民议事厅", dname);
	if (dl_hall_create(c, sys, &hn, &hall, e))
		return -1;
	snprintf(labels[0], 160, "居民代表（%s一组）", dname);
	snprintf(labels[1], 160, "居民代表（%s二组）", dname);
	snprintf(labels[2], 160, "居民代表（%s三组）", dname);
	snprintf(labels[3], 160, "%s居民委员会", dname);
	snprintf(labels[4], 160, "%s物业服务有限公司", dname);
	snprintf(labels[5], 160, "区城市管理和综合执法局");
	for (int k = 0; k < 6; k++) {
		dl_rep_new r = { .kind = kinds[k], .label = labels[k] };

		if (dl_rep_add(c, sys, hall, &r, &reps[k], e))
			return -1;
	}
	day_rel(-150, raised);
	for (int k = 0; k < 5; k++) {
		static const char *const by[] = { "resident", "resident", "committee", "street", "resident" };
		dl_topic_new t = { .title = topic_titles[k], .description = "居民反映，经居委会收集整理提交议事",
				   .raised_by = by[k], .raised_on = raised };

		if (dl_topic_create(c, sys, hall, &t, &topics[k], e))
			return -1;
	}
	if (meeting(c, sys, hall, "季度居民议事会", -120, topics, 3, reps, 6, &m1, e) ||
	    dl_minutes_draft(c, sys, m1, "会议审议加装电梯、停车整治、垃圾分类三项议题，均获通过。", e) ||
	    dl_minutes_amend(c, sys, m1, reps[0], "会议审议加装电梯、停车整治、垃圾分类三项议题，均获通过；"
			     "加装电梯须征得本单元三分之二业主同意。", "补充加装电梯的业主同意条件", e) ||
	    dl_minutes_publish(c, sys, m1, e))
		return -1;
	/* On time; then on time, late (one hall in nine) or overdue (another
	 * one in nine) by 5, 20 or 40 days; then not yet due with half the
	 * tasks done. */
	if (resolution(c, sys, m1, topics[0], "由居委会牵头，物业配合，完成加装电梯意见征集与报建",
		       "社区居委会", -60, -70, 2, made_res, e))
		return -1;
	if (i % 9 == 4) {
		static const int late[] = { -5, -20, -40 };

		if (resolution(c, sys, m1, topics[1], "施划停车位并设置访客临时停车区",
			       "物业服务企业", late[(i / 9) % 3], 0, 1, made_res, e))
			return -1;
	} else if (resolution(c, sys, m1, topics[1], "施划停车位并设置访客临时停车区",
			      "物业服务企业", -30, i % 9 == 2 ? -25 : -35, 2, made_res, e)) {
		return -1;
	}
	if (resolution(c, sys, m1, topics[2], "改造垃圾分类投放点，增设洗手池与雨棚",
		       "街道城管办", 60, -10, 1, made_res, e))
		return -1;
	if (i % 10 == 7 && meeting(c, sys, hall, "临时议事会（未达法定人数）", -10, &topics[3], 1, reps, 2,
				   &m3, e))
		return -1;
	if (i % 10 != 7 && meeting(c, sys, hall, "下季度居民议事会", 7, &topics[3], 2, reps, 0, &m2, e))
		return -1;
	return 0;
}

int dl_demo_generate(store_conn *c, int64_t persons, char *summary, size_t cap, mz_err *e)
{
	size_t nd = sizeof(districts) / sizeof(districts[0]);
	int64_t want = persons * 2759 / 18800000, made = 0, res = 0, streets = 0;
	dl_escalate_summary es;
	access_ctx sys;

	access_ctx_system(&sys, "demo");
	if (want < (int64_t)nd)
		want = (int64_t)nd;
	for (size_t d = 0; d < nd; d++) {
		registry_division_list dl;
		char lo[16], hi[16];
		int64_t here = want / (int64_t)nd + ((int64_t)d < want % (int64_t)nd);

		access_scope_range(districts[d], lo, hi);
		registry_division_list_init(&dl);
		if (registry_communities_located(c, &sys, lo, hi, &dl, e))
			goto fail;
		/* One hall a community at most (a city larger than Guangzhou would
		 * ask for more halls than it has communities: 2,935 at 20M). */
		if (here > (int64_t)dl.n)
			here = (int64_t)dl.n;
		for (int64_t k = 0; k < here; k++) {
			const registry_division *cm = &dl.items[(size_t)k * dl.n / (size_t)here];

			if (one_hall(c, &sys, cm->code, cm->name, made, &res, e))
				goto fail;
			made++;
		}
		/* The street hall above the district's first community. */
		if (dl.n) {
			char street[16], sname[128];

			snprintf(street, sizeof(street), "%.9s", dl.items[0].code);
			registry_division_name(c, street, sname, sizeof(sname));
			if (one_hall(c, &sys, street, sname, made + streets, &res, e))
				goto fail;
			streets++;
		}
		registry_division_list_release(&dl);
		continue;
fail:
		registry_division_list_release(&dl);
		return -1;
	}
	if (dl_escalate(c, &sys, mz_today(), &es, e))
		return -1;
	snprintf(summary, cap,
		 "deliberation: %lld community and %lld street halls, %lld resolutions, %lld escalated"
		 " (%lld handed to the safety net)",
		 (long long)made, (long long)streets, (long long)res, (long long)es.raised,
		 (long long)es.handed_over);
	return 0;
}
