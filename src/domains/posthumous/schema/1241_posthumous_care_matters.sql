-- 1241_posthumous_care_matters: the two in-house matters elderly care now
-- acts on after a death (its person.died subscribers): the home care bed's
-- contract ends, a waiting care-home application is withdrawn. Tracked on
-- the posthumous case like the others, by their deliveries.
INSERT INTO ph_matters (code, valid_from, kind, department_zh, department_en, matter_zh, matter_en, subscriber, deadline_days, basis, sort) VALUES
('home_bed', '2000-01-01', 'internal', '民政局', 'Civil affairs', '终止家庭养老床位服务合同', 'End the home care bed contract', 'eldercare.end_home_bed', 0, '', 150),
('care_home_wait', '2000-01-01', 'internal', '民政局', 'Civil affairs', '撤回养老院轮候申请', 'Withdraw the care-home waiting application', 'eldercare.close_wait', 0, '', 160);
