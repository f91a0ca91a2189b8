-- Argo CD health of a flagger.app/v1beta1 Canary run by Sluice (or by Flagger: the phases and the
-- Ready condition are the same). Argo CD runs this with the Canary as `obj`.
local sep = " --- "
local hs = {}

local function condition(conditions, kind)
  if conditions == nil then
    return nil
  end
  for _, c in ipairs(conditions) do
    if c.type == kind then
      return c
    end
  end
  return nil
end

if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the controller to initialize the canary"
  return hs
end

local status = obj.status
local phase = status.phase or ""
local generation = obj.metadata and obj.metadata.generation
if generation ~= nil and status.observedGeneration ~= nil and status.observedGeneration < generation then
  hs.status = "Progressing"
  hs.message = "Spec generation " .. generation .. " not acted on yet (last: " .. status.observedGeneration .. ")"
  return hs
end

local message = phase
local weight = tonumber(status.canaryWeight) or 0
if weight > 0 then
  message = message .. sep .. "Canary Weight: " .. weight .. " %"
end
local ready = condition(status.conditions, "Ready")
local promoted = condition(status.conditions, "Promoted")
local detail = (ready and ready.message) or (promoted and promoted.message)
if detail ~= nil and detail ~= "" then
  message = message .. sep .. detail
end
hs.message = message

local paused = status.control ~= nil and status.control.paused == true
-- Ready=False with a reason other than the phase: the controller cannot act on the canary
-- (invalid spec, missing target, metric provider down, deletion held)
if ready ~= nil and ready.status == "False" and ready.reason ~= phase and ready.reason ~= "Failed" then
  hs.status = "Degraded"
  hs.message = phase .. sep .. ready.reason .. ": " .. (ready.message or "")
elseif phase == "Failed" then
  hs.status = "Degraded"
elseif phase == "Succeeded" or phase == "Initialized" then
  hs.status = "Healthy"
elseif paused or phase == "Waiting" or phase == "WaitingPromotion" then
  -- held by a person: a closed gate or a pause request
  hs.status = "Suspended"
elseif phase == "" or phase == "Initializing" or phase == "Progressing" or phase == "Promoting"
    or phase == "Finalising" or phase == "Terminating" then
  hs.status = "Progressing"
elseif phase == "Terminated" then
  hs.status = "Healthy"
else
  hs.status = "Unknown"
end
return hs
